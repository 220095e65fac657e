"""The colleague launched the app server with a script that writes the app's access key into its
environment file and again into its config file. User data is readable by anyone allowed
ec2:DescribeInstanceAttribute, and by every process on the server through the metadata service.
The app has used the key all day (the lab's history of the key says so: labs/credential_report.py)."""

from labs import company

BREAKS = ("ec2_instance_secrets_user_data",)


def resource(aws) -> str:
    return company.create_app_server(aws)


def build(aws) -> None:
    _, key = company.create_app_user(aws)
    secret = company.ids.memory(aws).get(company.APP_KEY_SECRET)
    instance = resource(aws)
    company.put_user_data(aws, instance, company.app_user_data(company.image_bucket_name(aws.account_id), key, secret))


def fix(aws) -> None:
    company.create_app_role(aws)
    company.put_user_data(aws, resource(aws), company.app_user_data(company.image_bucket_name(aws.account_id)))
