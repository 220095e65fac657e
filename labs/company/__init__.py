"""The startup from the talk: a community app where about 100 users a day upload small images,
run by 3 employees. Its AWS resources have the same names in every chapter (naming.py says how).

One module per area, in the order the story meets them; each builder (`create_*`) is idempotent:
it finds what exists by name and creates only what is missing, so a scenario's `resource`/`build`
can call it on a nearly empty account and a chapter can list it whatever came before
(tests/test_company_builders.py calls each one twice).

- images.py: the image bucket (every chapter) and its key (08)
- iam.py: the team's IAM users (01, 02) and the IAM helpers the others share
- cloudtrail.py: the trail, its bucket and key (03)
- billing.py: the bill and the team's alert address (04)
- network.py: the VPC, subnets and security groups (05, 06), chapter 01's legacy group
- servers.py: the app server and the bastion host (05, 06), user data, the disk snapshot
- load_balancer.py: the load balancer and the app's certificate (05)
- session_manager.py, session_logs.py: Session Manager and its logs (06)
- database.py: the MariaDB on RDS and the app's configuration (07)
- app_identity.py: the app's IAM user, then its role (09)
- external_access.py: who else the account lets in (09)
- kms.py, buckets.py, ids.py, naming.py: what the others share

`from labs import company; company.create_database(lab)`: every name a module lists in its
`__all__` is here too.
"""

from labs.company.app_identity import *
from labs.company.billing import *
from labs.company.buckets import *
from labs.company.cloudtrail import *
from labs.company.database import *
from labs.company.external_access import *
from labs.company.iam import *
from labs.company.images import *
from labs.company.kms import *
from labs.company.load_balancer import *
from labs.company.network import *
from labs.company.servers import *
from labs.company.session_logs import *
from labs.company.session_manager import *
