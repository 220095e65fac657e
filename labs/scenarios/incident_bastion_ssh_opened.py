"""During the night of the incident (chapter 10) the attacker added a rule to the bastion host's
security group: SSH from anywhere (0.0.0.0/0), next to the office's address. A way back in that no
key rotation closes."""

from labs import company
from labs.cloudtrail import recorder

BREAKS = ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",)


def resource(aws) -> str:
    with recorder.unrecorded():
        company.create_bastion_host(aws)
        return company.security_group_id(aws, company.BASTION_SECURITY_GROUP)


def build(aws) -> None:
    from labs.incident.play import play

    play(aws)


def fix(aws) -> None:
    with recorder.unrecorded():
        aws.client("ec2").revoke_security_group_ingress(GroupId=resource(aws), IpPermissions=[{
            "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
