"""The database runs with RDS's default option group (no audit plugin) and exports no log. Nothing records who
connects or what they run: when a table disappears, there will be nobody to ask (the talk: "Audit
log를 활성화하여 서버에서 발생한 쿼리들을 조회 할 수 있습니다")."""

from labs import company

BREAKS = ("rds_instance_integration_cloudwatch_logs",)


def resource(aws) -> str:
    return company.create_database(aws)


def build(aws) -> None:
    rds = aws.client("rds")
    rds.modify_db_instance(
        DBInstanceIdentifier=resource(aws), OptionGroupName=company.DB_DEFAULT_OPTION_GROUP,
        CloudwatchLogsExportConfiguration={"DisableLogTypes": list(company.DB_LOG_EXPORTS)}, ApplyImmediately=True)
    rds.delete_option_group(OptionGroupName=company.DB_OPTION_GROUP)


def fix(aws) -> None:
    aws.client("rds").modify_db_instance(
        DBInstanceIdentifier=resource(aws), OptionGroupName=company.create_db_option_group(aws),
        CloudwatchLogsExportConfiguration={"EnableLogTypes": list(company.DB_LOG_EXPORTS)}, ApplyImmediately=True)
