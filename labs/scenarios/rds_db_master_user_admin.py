"""The colleague created the database from the console and kept the master user name it suggests,
admin. Every script that guesses MariaDB passwords on the internet starts with admin and root, so
half of the login is public knowledge. RDS never lets the name change: not by a modification, not
by a restore. (Fixing it here stands for a new instance with its own name and the data copied over
with mysqldump.)"""

from labs import company

BREAKS = ("rds_instance_default_admin",)


def resource(aws) -> str:
    return company.create_database(aws)


def build(aws) -> None:
    resource(aws)
    if company.db_instance(aws)["MasterUsername"] != "admin":
        company.replace_database(aws, MasterUsername="admin")


def fix(aws) -> None:
    resource(aws)
    company.replace_database(aws, MasterUsername=company.DB_MASTER_USER)
