"""Chapter 09's mutation table (see conftest.py). Later exercises start from the earlier exercises'
worked answers where the text builds on them (9.4 and 9.5 need the role of 9.2)."""

import base64
import json
import re

import boto3
import pandas as pd
import pytest

from labs import access_analyzer, company
from labs.chapters.ch09_iam_roles import never_calls
from labs.checks.lib.access import ALLOW_EVERYTHING
from labs.policy import account_root, can, parse, public_grants
from tests.graders.conftest import Case, assert_verdict, ids

ROLE = company.APP_ROLE
SSM_CORE = company.SSM_MANAGED_POLICY
POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
EC2_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def instance_of(lab):
    return company.instance_id(lab)


def policy_arn(lab, name):
    return f"arn:aws:iam::{lab.account_id}:policy/{name}"


# 9.1 ------------------------------------------------------------------------------------------------

def user_data_text(lab):
    value = boto3.client("ec2").describe_instance_attribute(InstanceId=instance_of(lab), Attribute="userData")
    return base64.b64decode(value["UserData"]["Value"]).decode()


def key_in_user_data(lab):
    return re.search(r"AWS_ACCESS_KEY_ID=(\w+)", user_data_text(lab)).group(1)


def found(lab, **changes):
    key = key_in_user_data(lab)
    user = boto3.client("iam").get_access_key_last_used(AccessKeyId=key)["UserName"]
    return {**{"access_key_id": key, "user": user}, **changes}


def secret_instead(lab):
    return {"access_key_id": re.search(r"AWS_SECRET_ACCESS_KEY=(\S+)", user_data_text(lab)).group(1),
            "user": company.APP_USER}


def minhos_key(lab):
    key = boto3.client("iam").list_access_keys(UserName=company.DEVELOPER)["AccessKeyMetadata"][0]["AccessKeyId"]
    return {"access_key_id": key, "user": company.DEVELOPER}


CASES_9_1 = [
    Case("9.1", "the worked answer", found, True, "belongs to community-app", answers=True),
    Case("9.1", "a pandas Series", lambda lab: pd.Series(found(lab)), True, answers=True),
    Case("9.1", "boto3's own names, with spaces", lambda lab: {"AccessKeyId": f" {key_in_user_data(lab)} ",
                                                               "UserName": company.APP_USER}, True, answers=True),
    Case("9.1", "the secret instead of the id", secret_instead, False, "secret access key", answers=True),
    Case("9.1", "Minho's prototype key", minhos_key, False, "minho's key", answers=True),
    Case("9.1", "the right key, the wrong user", lambda lab: found(lab, user="colleague"), False,
         "belongs to community-app", answers=True),
    Case("9.1", "the key id alone", key_in_user_data, False, "Pass a dict", answers=True),
]


# 9.2 ------------------------------------------------------------------------------------------------

def new_role(trust=EC2_TRUST, policies=(SSM_CORE, POWER_USER), inline=None, associate=True, name=ROLE):
    def apply(lab):
        iam, ec2 = boto3.client("iam"), boto3.client("ec2")
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
        for arn in policies:
            iam.attach_role_policy(RoleName=name, PolicyArn=arn)
        if inline:
            iam.put_role_policy(RoleName=name, PolicyName="app", PolicyDocument=json.dumps(inline(lab)))
        iam.create_instance_profile(InstanceProfileName=name)
        iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=name)
        if associate:
            association = ec2.describe_iam_instance_profile_associations(
                Filters=[{"Name": "instance-id", "Values": [instance_of(lab)]}])["IamInstanceProfileAssociations"][0]
            ec2.replace_iam_instance_profile_association(AssociationId=association["AssociationId"],
                                                         IamInstanceProfile={"Name": name})
    return apply


def app_permissions_on_the_ssm_role(lab):
    boto3.client("iam").put_role_policy(RoleName=company.SSM_ROLE, PolicyName="community-app",
                                        PolicyDocument=json.dumps(company.app_policy_document(lab)))


def trust_with(principal):
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]}


CASES_9_2 = [
    Case("9.2", "the worked answer", new_role(), True, "allows every call the app makes"),
    Case("9.2", "the app's permissions added to the SSM role", app_permissions_on_the_ssm_role, True),
    Case("9.2", "least privilege at once, inline", new_role(policies=(SSM_CORE,), inline=company.app_policy_document), True),
    Case("9.2", "the service principal as a list", new_role(trust=trust_with({"Service": ["ec2.amazonaws.com"]})), True),
    Case("9.2", "a role that trusts Lambda", new_role(trust=trust_with({"Service": "lambda.amazonaws.com"})), False,
         "does not trust ec2.amazonaws.com"),
    Case("9.2", "never associated with the instance", new_role(associate=False), False, "GenerateDataKey"),
    Case("9.2", "AmazonS3FullAccess only", new_role(policies=(SSM_CORE, "arn:aws:iam::aws:policy/AmazonS3FullAccess")),
         False, "kms:GenerateDataKey"),
    Case("9.2", "AdministratorAccess to be sure", new_role(policies=(SSM_CORE, ADMIN)), False, "not with administrator"),
    Case("9.2", "least privilege, the SSM agent forgotten", new_role(policies=(), inline=company.app_policy_document),
         False, "SSM agent"),
    Case("9.2", "EC2 and another account trusted", new_role(trust=trust_with(
        {"Service": "ec2.amazonaws.com", "AWS": f"arn:aws:iam::{company.AGENCY_ACCOUNT}:root"})), False, "also trusts"),
]


# 9.3 ------------------------------------------------------------------------------------------------

def clean_user_data(lab, script=None):
    ec2, instance = boto3.client("ec2"), instance_of(lab)
    text = user_data_text(lab) if script is None else script
    if script is None:
        text = "\n".join(line for line in text.splitlines()
                         if not line.startswith(("AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=")))
        text = re.sub(r',?\s*"aws": \{[^}]*\}', "", text)
    ec2.stop_instances(InstanceIds=[instance])
    ec2.modify_instance_attribute(InstanceId=instance, UserData={"Value": text.encode()})
    ec2.start_instances(InstanceIds=[instance])


def app_keys(lab):
    return [k["AccessKeyId"] for k in boto3.client("iam").list_access_keys(UserName=company.APP_USER)["AccessKeyMetadata"]]


def delete_minhos_key(lab):
    iam = boto3.client("iam")
    for key in iam.list_access_keys(UserName=company.DEVELOPER)["AccessKeyMetadata"]:
        iam.delete_access_key(UserName=company.DEVELOPER, AccessKeyId=key["AccessKeyId"])


def keys_off(role=True, clean=True, deactivate_only=False, delete_user=False, minho=True, start=True, script=None,
             keep_config=False):
    def apply(lab):
        iam = boto3.client("iam")
        if role:
            new_role()(lab)
        if clean:
            if keep_config:
                text = "\n".join(line for line in user_data_text(lab).splitlines()
                                 if not line.startswith(("AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=")))
                clean_user_data(lab, text)
            else:
                clean_user_data(lab, script)
        for key in app_keys(lab):
            iam.update_access_key(UserName=company.APP_USER, AccessKeyId=key, Status="Inactive")
            if not deactivate_only:
                iam.delete_access_key(UserName=company.APP_USER, AccessKeyId=key)
        if delete_user:
            iam.detach_user_policy(UserName=company.APP_USER, PolicyArn=ADMIN)
            iam.delete_user(UserName=company.APP_USER)
        if minho:
            delete_minhos_key(lab)
        if not start:
            boto3.client("ec2").stop_instances(InstanceIds=[instance_of(lab)])
    return apply


CASES_9_3 = [
    Case("9.3", "the worked answer", keys_off(), True, "instance role"),
    Case("9.3", "the app's user deleted with its key", keys_off(delete_user=True), True),
    Case("9.3", "the user data emptied", keys_off(script=""), True, "has no user data"),
    Case("9.3", "the key deactivated, not deleted", keys_off(deactivate_only=True), False, "deactivated, not deleted"),
    Case("9.3", "the key deleted, the user data left", keys_off(clean=False), False, "AWS Access Key on line"),
    Case("9.3", "the env file cleaned, the config file not", keys_off(keep_config=True), False, "config file"),
    Case("9.3", "the server left stopped", keys_off(start=False), False, "is stopped"),
    Case("9.3", "Minho's prototype key left", keys_off(minho=False), False, "minho"),
    Case("9.3", "no role first: the app breaks", keys_off(role=False), False, "would fail"),
]


# 9.4 ------------------------------------------------------------------------------------------------

ACTION_OF = {("s3", "ListObjects"): "s3:ListBucket", ("s3", "HeadObject"): "s3:GetObject"}
NO_PERMISSION = {"GetCallerIdentity"}


def policy_from_the_trail(lab):
    """The notebook's way: the app's week from the trail, with pandas, into a policy."""
    import labs
    from labs.community_app import CommunityApp

    CommunityApp(lab).run_week()
    events = labs.cloudtrail.load(f"s3://{company.cloudtrail_bucket_name(lab.account_id)}", quiet=True)
    app = events[events["actor"] == f"{ROLE}/{instance_of(lab)}"]
    app = app[~app["eventName"].isin(NO_PERMISSION) & app["errorCode"].isna()]
    rows = []
    for _, event in app.iterrows():
        prefix = event["eventSource"].split(".")[0]
        action = ACTION_OF.get((prefix, event["eventName"]), f"{prefix}:{event['eventName']}")
        if prefix == "s3":
            objects = [r["ARN"] for r in event["resources"] if r["type"] == "AWS::S3::Object"]
            bucket = [r["ARN"] for r in event["resources"] if r["type"] == "AWS::S3::Bucket"][0]
            resource = f"{bucket}/{company.UPLOADS_PREFIX}*" if objects else bucket
        else:
            resource = event["requestParameters"]["keyId"]
        rows.append({"action": action, "resource": resource})
    table = pd.DataFrame(rows).drop_duplicates()
    statements = [{"Effect": "Allow", "Action": sorted(group["action"]), "Resource": resource}
                  for resource, group in table.groupby("resource")]
    return {"Version": "2012-10-17", "Statement": statements}


def least_privilege(document=None, keep=(SSM_CORE,), inline=False):
    def apply(lab):
        keys_off()(lab)
        iam = boto3.client("iam")
        body = document(lab) if document else policy_from_the_trail(lab)
        if inline:
            iam.put_role_policy(RoleName=ROLE, PolicyName="app", PolicyDocument=json.dumps(body))
        else:
            iam.create_policy(PolicyName=company.APP_POLICY, PolicyDocument=json.dumps(body))
            iam.attach_role_policy(RoleName=ROLE, PolicyArn=policy_arn(lab, company.APP_POLICY))
        for arn in (SSM_CORE, POWER_USER):
            if arn not in keep:
                iam.detach_role_policy(RoleName=ROLE, PolicyArn=arn)
    return apply


def reference(lab):
    return company.app_policy_document(lab)


def edited(change):
    def make(lab):
        document = reference(lab)
        change(lab, document["Statement"])
        return document
    return make


def list_with_prefix(lab, statements):
    statements[1]["Condition"] = {"StringLike": {"s3:prefix": f"{company.UPLOADS_PREFIX}*"}}


def lower_case(lab, statements):
    for statement in statements:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        statement["Action"] = [a.lower() for a in actions]


def without_kms(lab, statements):
    del statements[2]


def list_objects(lab, statements):
    statements[1]["Action"] = "s3:ListObjects"


def put_star(lab, statements):
    statements[0]["Action"] = ["s3:Put*", "s3:GetObject", "s3:DeleteObject"]


def bucket_arn_only(lab, statements):
    statements[0]["Resource"] = f"arn:aws:s3:::{company.image_bucket_name(lab.account_id)}"


CASES_9_4 = [
    Case("9.4", "the worked answer, from the trail", least_privilege(), True, "Every call the app never made is denied"),
    Case("9.4", "written inline on the role", least_privilege(reference, inline=True), True),
    Case("9.4", "listing limited to uploads/", least_privilege(edited(list_with_prefix)), True),
    Case("9.4", "actions in lower case", least_privilege(edited(lower_case)), True),
    Case("9.4", "s3:* on *", least_privilege(lambda lab: {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:*", "kms:*"], "Resource": "*"}]}), False, "s3:DeleteBucket"),
    Case("9.4", "KMS forgotten", least_privilege(edited(without_kms)), False, "kms:GenerateDataKey"),
    Case("9.4", "s3:ListObjects, CloudTrail's name", least_privilege(edited(list_objects)), False,
         "IAM's action for ListObjectsV2 is s3:ListBucket"),
    Case("9.4", "PowerUserAccess left attached", least_privilege(reference, keep=(SSM_CORE, POWER_USER)), False,
         "PowerUserAccess"),
    Case("9.4", "the SSM agent's policy detached", least_privilege(reference, keep=()), False, "SSM agent"),
    Case("9.4", "s3:Put* on the uploads", least_privilege(edited(put_star)), False, "s3:PutObjectAcl"),
    Case("9.4", "objects named by the bucket's ARN", least_privilege(edited(bucket_arn_only)), False,
         "would fail"),
]


# 9.5 ------------------------------------------------------------------------------------------------

SSM_CORE_ACTIONS = [
    "ssm:DescribeAssociation", "ssm:GetDeployablePatchSnapshotForInstance", "ssm:GetDocument", "ssm:DescribeDocument",
    "ssm:GetManifest", "ssm:GetParameter", "ssm:GetParameters", "ssm:ListAssociations", "ssm:ListInstanceAssociations",
    "ssm:PutInventory", "ssm:PutComplianceItems", "ssm:PutConfigurePackageResult", "ssm:UpdateAssociationStatus",
    "ssm:UpdateInstanceAssociationStatus", "ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
    "ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage",
    "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply",
]


def boundary(document=None, attach=True):
    def apply(lab):
        least_privilege(reference)(lab)
        iam = boto3.client("iam")
        body = document(lab) if document else company.app_boundary_document(lab)
        arn = iam.create_policy(PolicyName=company.APP_BOUNDARY, PolicyDocument=json.dumps(body))["Policy"]["Arn"]
        if attach:
            iam.put_role_permissions_boundary(RoleName=ROLE, PermissionsBoundary=arn)
    return apply


def with_agent(actions):
    def make(lab):
        document = reference(lab)
        document["Statement"].append({"Effect": "Allow", "Action": actions, "Resource": "*"})
        return document
    return make


def power_user(lab):
    version = boto3.client("iam").get_policy(PolicyArn=POWER_USER)["Policy"]["DefaultVersionId"]
    return boto3.client("iam").get_policy_version(PolicyArn=POWER_USER, VersionId=version)["PolicyVersion"]["Document"]


CASES_9_5 = [
    Case("9.5", "the worked answer", boundary(), True, "Even with AdministratorAccess attached"),
    Case("9.5", "the SSM agent's exact actions", boundary(with_agent(SSM_CORE_ACTIONS)), True),
    Case("9.5", "PowerUserAccess as the boundary", boundary(power_user), False, "Even inside the boundary"),
    Case("9.5", "no room for the SSM agent", boundary(reference), False, "SSM agent"),
    Case("9.5", "created, never set on the role", boundary(attach=False), False, "no permissions boundary"),
    Case("9.5", "KMS left out of the boundary", boundary(lambda lab: {**with_agent(["ssm:*", "ssmmessages:*",
                                                                                    "ec2messages:*"])(lab),
                                                                      "Statement": [s for s in with_agent(
                                                                          ["ssm:*", "ssmmessages:*", "ec2messages:*"])(lab)[
                                                                          "Statement"] if s.get("Sid") != "ImageKey"]}),
         False, "permissions boundary does not allow it"),
]


# 9.6 ------------------------------------------------------------------------------------------------

READ_THE_BILL = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": ["ce:Get*", "ce:Describe*", "budgets:ViewBudget"], "Resource": "*"}]}
DEPLOY_WITHOUT_IAM = {"Version": "2012-10-17", "Statement": [{
    "Sid": "Deploy", "Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}]}


def admin_off_the_app_user(lab):
    iam = boto3.client("iam")
    iam.detach_user_policy(UserName=company.APP_USER, PolicyArn=ADMIN)


def deployer(document):
    def apply(lab):
        boto3.client("iam").create_policy_version(PolicyArn=policy_arn(lab, "AppDeployer"),
                                                  PolicyDocument=json.dumps(document), SetAsDefault=True)
    return apply


def deployer_gone(lab):
    iam = boto3.client("iam")
    iam.detach_group_policy(GroupName="developers", PolicyArn=policy_arn(lab, "AppDeployer"))
    iam.delete_policy(PolicyArn=policy_arn(lab, "AppDeployer"))


def manager(document=READ_THE_BILL, via_group=False, delete_user=False):
    def apply(lab):
        iam = boto3.client("iam")
        iam.delete_user_policy(UserName=company.MANAGER, PolicyName="break-glass")
        if delete_user:
            iam.delete_login_profile(UserName=company.MANAGER)
            for device in iam.list_mfa_devices(UserName=company.MANAGER)["MFADevices"]:
                iam.deactivate_mfa_device(UserName=company.MANAGER, SerialNumber=device["SerialNumber"])
            iam.delete_user(UserName=company.MANAGER)
        elif via_group:
            iam.create_group(GroupName="billing-readers")
            iam.put_group_policy(GroupName="billing-readers", PolicyName="read-the-bill",
                                 PolicyDocument=json.dumps(document))
            iam.add_user_to_group(GroupName="billing-readers", UserName=company.MANAGER)
        elif document is not None:
            iam.put_user_policy(UserName=company.MANAGER, PolicyName="read-the-bill", PolicyDocument=json.dumps(document))
    return apply


def steps(*fixes):
    def apply(lab):
        for fix in fixes:
            fix(lab)
    return apply


def prototype_detached_too(lab):
    boto3.client("iam").detach_group_policy(GroupName="developers", PolicyArn=policy_arn(lab, "PrototypeFullAccess"))


DENY_CREATE_USER = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["iam:*", "sts:AssumeRole", "s3:*", "ec2:*"], "Resource": "*"},
    {"Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"}]}
EVERYTHING_BUT_IAM = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}

CASES_9_6 = [
    Case("9.6", "the worked answer", steps(admin_off_the_app_user, deployer(DEPLOY_WITHOUT_IAM), manager()), True,
         "reads the bill and changes nothing"),
    Case("9.6", "the deploy policy deleted, the bill through a group",
         steps(admin_off_the_app_user, deployer_gone, manager(via_group=True)), True),
    Case("9.6", "a Deny on iam:CreateUser added", steps(admin_off_the_app_user, deployer(DENY_CREATE_USER), manager()),
         False, "all of IAM"),
    Case("9.6", "AdministratorAccess left on the app's user", steps(deployer(DEPLOY_WITHOUT_IAM), manager()), False,
         "AdministratorAccess"),
    Case("9.6", "Jiyoung's policy deleted, nothing to read the bill",
         steps(admin_off_the_app_user, deployer(DEPLOY_WITHOUT_IAM), manager(document=None)), False,
         "can no longer read it"),
    Case("9.6", "Jiyoung gets everything but IAM",
         steps(admin_off_the_app_user, deployer(DEPLOY_WITHOUT_IAM), manager(document=EVERYTHING_BUT_IAM)), False,
         "can still cloudtrail:StopLogging"),
    Case("9.6", "the developers' own policy detached too",
         steps(admin_off_the_app_user, deployer_gone, prototype_detached_too, manager()), False, "can no longer"),
    Case("9.6", "Jiyoung's user deleted", steps(admin_off_the_app_user, deployer(DEPLOY_WITHOUT_IAM),
                                                manager(delete_user=True)), False, "can no longer sign in"),
]


# 9.7 ------------------------------------------------------------------------------------------------

def shared_outside(lab):
    """The notebook's finder: the policy engine on every resource policy, and the snapshots' attribute."""
    account, outsider = lab.account_id, account_root("210987654321")
    found = []
    s3 = boto3.client("s3")
    for bucket in s3.list_buckets()["Buckets"]:
        try:
            policy = parse(s3.get_bucket_policy(Bucket=bucket["Name"])["Policy"])
        except s3.exceptions.ClientError:
            continue
        named = {v.split(":")[4] for s in policy.statements if s.principal for k, v in s.principal.entries
                 if k == "AWS" and v.startswith("arn:") and v.split(":")[4] != account}
        arn = f"arn:aws:s3:::{bucket['Name']}"
        if public_grants(policy) or any(can(account_root(other), "s3:GetObject", f"{arn}/uploads/x",
                                            identity=[ALLOW_EVERYTHING], resource_policy=policy,
                                            resource_account=account).allowed for other in named):
            found.append(arn)
    for role in boto3.client("iam").list_roles()["Roles"]:
        trust = parse(role["AssumeRolePolicyDocument"])
        others = {v.split(":")[4] for s in trust.statements if s.principal for k, v in s.principal.entries
                  if k == "AWS" and v.startswith("arn:") and v.split(":")[4] != account}
        if others or can(outsider, "sts:AssumeRole", role["Arn"], identity=[ALLOW_EVERYTHING], resource_policy=trust,
                         resource_account=account).allowed:
            found.append(role["Arn"])
    kms = boto3.client("kms")
    for key in kms.list_keys()["Keys"]:
        metadata = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
        if metadata["KeyManager"] != "CUSTOMER":
            continue
        policy = parse(kms.get_key_policy(KeyId=key["KeyId"], PolicyName="default")["Policy"])
        others = {v.split(":")[4] for s in policy.statements if s.principal for k, v in s.principal.entries
                  if k == "AWS" and v.startswith("arn:") and v.split(":")[4] != account}
        if any(can(account_root(other), "kms:Decrypt", metadata["Arn"], identity=[ALLOW_EVERYTHING],
                   resource_policy=policy, resource_account=account,
                   context={"kms:CallerAccount": other}).allowed for other in others):
            found.append(metadata["Arn"])
    ec2 = boto3.client("ec2")
    for snapshot in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]:
        permissions = ec2.describe_snapshot_attribute(SnapshotId=snapshot["SnapshotId"],
                                                      Attribute="createVolumePermission")["CreateVolumePermissions"]
        if permissions:
            found.append(f"arn:aws:ec2:{lab.region}::snapshot/{snapshot['SnapshotId']}")
    return found


CASES_9_7 = [
    Case("9.7", "the worked answer", shared_outside, True, "All 4 resources", answers=True),
    Case("9.7", "a DataFrame with duplicates", lambda lab: pd.DataFrame(
        {"resource": shared_outside(lab) * 2}), True, answers=True),
    Case("9.7", "a set", lambda lab: set(shared_outside(lab)), True, answers=True),
    Case("9.7", "the snapshot missed", lambda lab: [r for r in shared_outside(lab) if ":snapshot/" not in r], False,
         "missing", answers=True),
    Case("9.7", "the CloudTrail bucket added", lambda lab: shared_outside(lab) + [
        f"arn:aws:s3:::{company.cloudtrail_bucket_name(lab.account_id)}"], False, "lets nobody outside", answers=True),
    Case("9.7", "one ARN as a string", lambda lab: shared_outside(lab)[0], False, "Pass the resources", answers=True),
]


# 9.8 ------------------------------------------------------------------------------------------------

REASON = "Monitoring vendor (contract 2025-014), needs our external id to assume the role."


def analyzer(lab):
    client = access_analyzer.client(lab)
    return client, client.create_analyzer(analyzerName="community-app", type="ACCOUNT")["arn"]


def remove_agency(lab):
    s3, bucket = boto3.client("s3"), company.image_bucket_name(lab.account_id)
    policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    policy["Statement"] = [s for s in policy["Statement"] if s.get("Sid") != "AgencyReadsUploads"]
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


def remove_prototype(lab):
    kms = boto3.client("kms")
    key = kms.describe_key(KeyId=company.BACKUP_KEY_ALIAS)["KeyMetadata"]["KeyId"]
    policy = json.loads(kms.get_key_policy(KeyId=key, PolicyName="default")["Policy"])
    policy["Statement"] = [s for s in policy["Statement"] if s.get("Sid") != "PrototypeAccountRestores"]
    kms.put_key_policy(KeyId=key, PolicyName="default", Policy=json.dumps(policy))


def unshare_snapshot(lab):
    boto3.client("ec2").modify_snapshot_attribute(SnapshotId=company.app_disk_snapshot(lab),
                                                  Attribute="createVolumePermission", OperationType="remove",
                                                  GroupNames=["all"])


def archive_vendor(reason=REASON):
    def apply(lab):
        client, arn = analyzer(lab)
        for finding in client.list_findings(analyzerArn=arn, filter={"status": {"eq": ["ACTIVE"]}})["findings"]:
            if finding["principal"].get("AWS") == company.MONITORING_VENDOR_ACCOUNT:
                client.update_findings(analyzerArn=arn, ids=[finding["id"]], status="ARCHIVED", reason=reason)
    return apply


def archive_everything(lab):
    client, arn = analyzer(lab)
    ids = [f["id"] for f in client.list_findings(analyzerArn=arn)["findings"]]
    client.update_findings(analyzerArn=arn, ids=ids, status="ARCHIVED", reason="Reviewed, all fine for now.")


def delete_snapshot(lab):
    boto3.client("ec2").delete_snapshot(SnapshotId=company.app_disk_snapshot(lab))


def delete_monitoring_role(lab):
    iam = boto3.client("iam")
    iam.delete_role_policy(RoleName=company.MONITORING_ROLE, PolicyName="read-metrics")
    iam.delete_role(RoleName=company.MONITORING_ROLE)
    analyzer(lab)


def delete_bucket_policy(lab):
    boto3.client("s3").delete_bucket_policy(Bucket=company.image_bucket_name(lab.account_id))


def schedule_key_deletion(lab):
    boto3.client("kms").schedule_key_deletion(KeyId=company.find_key_id(lab, company.BACKUP_KEY_ALIAS),
                                              PendingWindowInDays=7)


def no_analyzer(lab):
    for fix in (remove_agency, remove_prototype, unshare_snapshot):
        fix(lab)


CASES_9_8 = [
    Case("9.8", "the worked answer", steps(remove_agency, remove_prototype, unshare_snapshot, archive_vendor()), True,
         "archived"),
    Case("9.8", "the snapshot deleted instead", steps(remove_agency, remove_prototype, delete_snapshot, archive_vendor()),
         True),
    Case("9.8", "the analyzer first, fixes after", steps(archive_vendor(), remove_agency, remove_prototype,
                                                         unshare_snapshot), True),
    Case("9.8", "every finding archived", archive_everything, False, "Archiving the finding hides it"),
    Case("9.8", "the monitoring role deleted", steps(remove_agency, remove_prototype, unshare_snapshot,
                                                     delete_monitoring_role), False, "is gone"),
    Case("9.8", "archived without a reason", steps(remove_agency, remove_prototype, unshare_snapshot,
                                                   archive_vendor(reason="")), False, "without a reason"),
    Case("9.8", "the whole bucket policy deleted", steps(delete_bucket_policy, remove_prototype, unshare_snapshot,
                                                         archive_vendor()), False, "plain HTTP"),
    Case("9.8", "the backup key scheduled for deletion", steps(remove_agency, schedule_key_deletion, unshare_snapshot,
                                                              archive_vendor()), False, "pending deletion"),
    Case("9.8", "no analyzer", no_analyzer, False, "no active IAM Access Analyzer"),
]

CASES = CASES_9_1 + CASES_9_2 + CASES_9_3 + CASES_9_4 + CASES_9_5 + CASES_9_6 + CASES_9_7 + CASES_9_8


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_chapter_09(fresh, case):
    lab = fresh("09-iam-roles")
    assert_verdict(lab, case)


def test_never_calls_are_allowed_by_the_broad_start(fresh):
    """The list of calls the app never made bites: PowerUserAccess (9.2's start) allows most of them."""
    from labs.policy import Caller

    lab = fresh("09-iam-roles")
    new_role()(lab)
    caller = Caller("AWS", f"arn:aws:sts::{lab.account_id}:assumed-role/{ROLE}/{instance_of(lab)}", lab.account_id)
    allowed = [action for action, resource, _, _ in never_calls(lab)
               if can(caller, action, resource, identity=[power_user(lab)]).allowed]
    assert len(allowed) >= 7, allowed
