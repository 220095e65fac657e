"""An old deployment script relaunched the app server with the metadata service's defaults of its
time: session tokens optional. Any server-side request forgery bug in the app can now read the
instance role's credentials with one plain GET to 169.254.169.254."""

from labs import company

BREAKS = ("ec2_instance_imdsv2_enabled",)


def resource(aws) -> str:
    return company.create_app_server(aws)


def build(aws) -> None:
    aws.client("ec2").modify_instance_metadata_options(InstanceId=resource(aws), HttpTokens="optional",
                                                       HttpEndpoint="enabled")


def fix(aws) -> None:
    aws.client("ec2").modify_instance_metadata_options(InstanceId=resource(aws), HttpTokens="required",
                                                       HttpEndpoint="enabled")
