"""To load the on-premises dump from the office, the colleague put the database in the public
subnets, made it publicly accessible, and opened MariaDB's port 3306 to 0.0.0.0/0 "for tonight".
The dump was loaded hours ago; the port is still open to every scanner on the internet, and the
master password is the only thing between them and the community's data."""

from labs import company

BREAKS = ("rds_instance_no_public_access",)
PUBLIC_SUBNET_GROUP = company.DB_PUBLIC_SUBNET_GROUP
OPEN_RULE = {"IpProtocol": "tcp", "FromPort": company.DB_PORT, "ToPort": company.DB_PORT,
             "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "office and home, for tonight"}]}


def resource(aws) -> str:
    return company.create_database(aws)


def build(aws) -> None:
    resource(aws)
    current = company.db_instance(aws)
    if current["DBSubnetGroup"]["DBSubnetGroupName"] != PUBLIC_SUBNET_GROUP or not current["PubliclyAccessible"]:
        company.create_db_subnet_group(aws, PUBLIC_SUBNET_GROUP, public=True)
        company.replace_database(aws, DBSubnetGroupName=PUBLIC_SUBNET_GROUP, PubliclyAccessible=True)
    aws.client("ec2").authorize_security_group_ingress(
        GroupId=company.create_db_security_group(aws), IpPermissions=[OPEN_RULE])


def fix(aws) -> None:
    resource(aws)
    ec2 = aws.client("ec2")
    try:
        ec2.revoke_security_group_ingress(GroupId=company.create_db_security_group(aws), IpPermissions=[OPEN_RULE])
    except ec2.exceptions.ClientError as error:
        if error.response["Error"]["Code"] != "InvalidPermission.NotFound":
            raise
    snapshot = company.snapshot_database(aws, "community-app-db-to-move")
    company.restore_database(aws, snapshot, DBSubnetGroupName=company.create_db_subnet_group(aws),
                             PubliclyAccessible=False)
    aws.client("rds").delete_db_subnet_group(DBSubnetGroupName=PUBLIC_SUBNET_GROUP)
