"""Chapter 08: the app's image bucket. Each exercise lists what its text asks for (labs.grading):
the Prowler-style check of the resource is one requirement; what the text adds (the grants
removed, not hidden; the alias and the Bucket Key; a download URL, not an upload one) are others."""

from urllib.parse import parse_qs, urlsplit

from labs import company
from labs.chapters import Chapter, Exercise
from labs.checks.lib.s3 import public_reasons
from labs.grading import Requirement, fails, holds
from labs.language import both
from labs.korean import josa

IMAGE_KEY_ALIAS = company.IMAGE_KEY_ALIAS
MAX_SHARE_SECONDS = 3600


def _image_bucket(aws):
    return company.image_bucket_name(aws.account_id)


def _account(aws):
    return aws.account_id


def _bucket_state(lab, state):
    bucket = state.s3.bucket(_image_bucket(lab))
    if bucket is None:
        return None, fails(
            f"The image bucket {_image_bucket(lab)} no longer exists; run the labs.start(...) cell again.",
            f"이미지 버킷 {josa(_image_bucket(lab), '이')} 더 이상 없습니다. labs.start(...) 셀을 다시 실행하세요.",
        )
    return bucket, None


def _no_public_policy_grant(lab, state):
    bucket, missing = _bucket_state(lab, state)
    if missing:
        return missing
    reasons = [r for r in public_reasons(bucket) if "policy" in r["en"]]
    if reasons:
        return fails(
            f"The bucket policy still opens the bucket: {'; '.join(r['en'] for r in reasons)}. Block Public "
            "Access only hides a public grant; remove the statement itself.",
            f"버킷 정책이 아직 버킷을 엽니다. {' '.join(r['ko'] + '.' for r in reasons)} 퍼블릭 액세스 차단은 "
            "공개 권한을 가릴 뿐이니 정책 문(Statement) 자체를 없애세요.",
        )
    return holds("No statement of the bucket policy lets the public in.",
                 "버킷 정책의 어떤 문(Statement)도 퍼블릭에 권한을 주지 않습니다.")


def _no_public_acl_grant(lab, state):
    bucket, missing = _bucket_state(lab, state)
    if missing:
        return missing
    grants = bucket.public_acl_grants
    if grants:
        listed = ", ".join(f"{permission} to {grantee['en']}" for grantee, permission in grants)
        listed_ko = ", ".join(f"{grantee['ko']}에게 {permission}" for grantee, permission in grants)
        return fails(f"The bucket ACL still grants {listed}: set it back to private.",
                     f"버킷 ACL이 아직 {listed_ko} 권한을 줍니다. ACL을 private으로 되돌리세요.")
    return holds("The bucket ACL grants nothing to the public.", "버킷 ACL은 퍼블릭에 아무 권한도 주지 않습니다.")


def _no_public_object(lab, state):
    from labs.inventory.s3 import collect_object_acls

    bucket, missing = _bucket_state(lab, state)
    if missing:
        return missing
    public = collect_object_acls(lab, bucket).public_object_grants
    if public:
        keys = sorted({key for key, _, _ in public})
        return fails(
            f"The ACL of {', '.join(keys[:3])} lets everyone read it: an object ACL makes that object public on "
            "its own, whatever the bucket says. Set it back to private.",
            f"{', '.join(keys[:3])}의 ACL이 모든 사람의 읽기를 허용합니다. 객체 ACL은 버킷 설정과 상관없이 그 객체를 "
            "퍼블릭으로 만듭니다. private으로 되돌리세요.",
        )
    return holds("No object's ACL grants anything to the public.", "어떤 객체의 ACL도 퍼블릭에 권한을 주지 않습니다.")


NO_PUBLIC_POLICY = Requirement(both("The bucket policy grants nothing to the public",
                                    "버킷 정책이 퍼블릭에 아무 권한도 주지 않음"), _no_public_policy_grant, ("s3",))
NO_PUBLIC_ACL = Requirement(both("The bucket ACL is private", "버킷 ACL이 private"), _no_public_acl_grant, ("s3",))
NO_PUBLIC_OBJECT = Requirement(both("No object is public through its own ACL", "객체 ACL로 공개된 객체 없음"),
                               _no_public_object, ("s3",))


def _encrypts_with_the_image_key(lab, state):
    """SSE-KMS by default, with the customer managed key the alias names, and the S3 Bucket Key."""
    bucket, missing = _bucket_state(lab, state)
    if missing:
        return missing
    defaults = [(rule.get("ApplyServerSideEncryptionByDefault") or {}, rule) for rule in bucket.default_encryption]
    kms = [(d, rule) for d, rule in defaults if str(d.get("SSEAlgorithm", "")).startswith("aws:kms")]
    if not kms:
        return fails("The bucket's default encryption is not SSE-KMS (aws:kms) yet.",
                     "버킷의 기본 암호화가 아직 SSE-KMS(aws:kms)가 아닙니다.")
    default, rule = kms[0]
    named = default.get("KMSMasterKeyID")
    if not named:
        return fails(
            "The default encryption names no key, so S3 uses the AWS managed key aws/s3, whose key policy nobody "
            "in the account controls: name your customer managed key.",
            "기본 암호화에 키가 지정되지 않아 S3가 AWS 관리형 키 aws/s3를 씁니다. 이 키의 정책은 계정의 누구도 "
            "관리할 수 없으니 고객 관리형 키를 지정하세요.",
        )
    key = state.kms.key(named)
    if key is None:
        return fails(f"The default encryption names {named}, which is no KMS key of this account.",
                     f"기본 암호화가 {josa(named, '을')} 지정하지만, 이 계정의 KMS 키가 아닙니다.")
    if key.manager != "CUSTOMER" or key.state != "Enabled":
        return fails(f"The key {key.label} is not an enabled customer managed key ({key.manager}, {key.state}).",
                     f"키 {josa(key.label, '은')} 활성화된 고객 관리형 키가 아닙니다({key.manager}, {key.state}).")
    if IMAGE_KEY_ALIAS not in key.aliases:
        aliased = next((k for k in state.kms.keys if IMAGE_KEY_ALIAS in k.aliases), None)
        where = f"it points to {aliased.key_id}" if aliased else "no key has it"
        where_ko = f"그 별칭은 {josa(aliased.key_id, '을')} 가리킵니다" if aliased else "그 별칭을 가진 키가 없습니다"
        return fails(f"The bucket's key is not the one called {IMAGE_KEY_ALIAS} ({where}).",
                     f"버킷의 키가 {josa(IMAGE_KEY_ALIAS, '이라는')} 키가 아닙니다({where_ko}).")
    if rule.get("BucketKeyEnabled") is not True:
        return fails(
            "The S3 Bucket Key is off: every object then costs a KMS request; turn BucketKeyEnabled on.",
            "S3 버킷 키가 꺼져 있습니다. 그러면 객체마다 KMS 요청이 생깁니다. BucketKeyEnabled를 켜세요.",
        )
    return holds(f"New images are encrypted with {IMAGE_KEY_ALIAS} ({key.key_id}), with the S3 Bucket Key.",
                 f"새 이미지는 {IMAGE_KEY_ALIAS}({key.key_id})와 S3 버킷 키로 암호화됩니다.")


IMAGE_KEY = Requirement(both("SSE-KMS with the customer managed key alias/community-app-images and the Bucket Key",
                             "고객 관리형 키 alias/community-app-images와 버킷 키를 쓰는 SSE-KMS"),
                        _encrypts_with_the_image_key, ("s3", "kms"))


def signed_method(url: str) -> str | None:
    """Which HTTP method a presigned S3 URL's Signature Version 4 signature was made for ("GET", "PUT"),
    or None when it verifies for neither. The lab knows the fake secret key it gave the notebook,
    so it can recompute the signature, as S3 does (S3 API Reference, "Authenticating Requests: Using
    Query Parameters")."""
    from botocore.auth import S3SigV4QueryAuth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    from labs.guard import FAKE_SECRET_ACCESS_KEY

    parts = urlsplit(url)
    pairs = parts.query.split("&")
    signature = next((p.split("=", 1)[1] for p in pairs if p.startswith("X-Amz-Signature=")), None)
    query = parse_qs(parts.query)
    try:
        key_id, _, region, service, _ = query["X-Amz-Credential"][0].split("/")
        expires = int(query["X-Amz-Expires"][0])
        timestamp = query["X-Amz-Date"][0]
    except (KeyError, ValueError, IndexError):
        return None
    unsigned = parts._replace(query="&".join(p for p in pairs if not p.startswith("X-Amz-Signature="))).geturl()
    for method in ("GET", "PUT", "HEAD", "DELETE", "POST"):
        request = AWSRequest(method=method, url=unsigned)
        request.context["timestamp"] = timestamp
        auth = S3SigV4QueryAuth(Credentials(key_id, FAKE_SECRET_ACCESS_KEY), service, region, expires=expires)
        if auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request) == signature:
            return method
    return None


def grade_presigned_url(lab, url):
    """A presigned GET for an object in the image bucket, valid for an hour at most, that downloads."""
    import requests

    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return False, both(
            "Pass the URL itself (a string starting with http:// or https://) that generate_presigned_url returned.",
            "generate_presigned_url이 돌려준 URL 문자열(http:// 또는 https://로 시작)을 그대로 넘기세요.",
        )
    query = parse_qs(urlsplit(url).query)
    if "X-Amz-Signature" not in query or "X-Amz-Expires" not in query:
        return False, both(
            "This URL carries no Signature Version 4 signature (X-Amz-Signature, X-Amz-Expires): "
            "it is a plain object URL, which only works for a public object.",
            "이 URL에는 서명 버전 4 서명(X-Amz-Signature, X-Amz-Expires)이 없습니다. 퍼블릭 객체에서만 "
            "동작하는 일반 객체 URL입니다.",
        )
    try:
        expires = int(query["X-Amz-Expires"][0])
    except ValueError:
        expires = -1
    if not 0 < expires <= MAX_SHARE_SECONDS:
        return False, both(
            f"The URL is valid for {query['X-Amz-Expires'][0][:20]} seconds; to share one image, keep it to an hour "
            f"({MAX_SHARE_SECONDS} s) or less.",
            f"URL 유효 시간이 {query['X-Amz-Expires'][0][:20]}초입니다. 이미지 하나를 공유할 때는 1시간"
            f"({MAX_SHARE_SECONDS}초) 이하로 정하세요.",
        )
    bucket = _image_bucket(lab)
    if bucket not in urlsplit(url).netloc + urlsplit(url).path:
        return False, both(
            f"The URL does not point into the image bucket {bucket}.",
            f"URL이 이미지 버킷 {josa(bucket, '을')} 가리키지 않습니다.",
        )
    method = signed_method(url)
    if method is None:
        return False, both(
            "The URL's signature does not verify: was it changed after signing, or signed with other credentials? "
            "S3 would answer 403 SignatureDoesNotMatch.",
            "URL의 서명이 검증되지 않습니다. 서명한 뒤에 URL을 고쳤거나 다른 자격 증명으로 서명하지 않았나요? "
            "S3라면 403 SignatureDoesNotMatch로 응답합니다.",
        )
    if method != "GET":
        return False, both(
            f"This URL is signed for {method}, not GET: whoever holds it can "
            f"{'overwrite' if method == 'PUT' else 'change'} the image instead of viewing it. Sign get_object.",
            f"이 URL은 GET이 아니라 {method} 요청에 서명되어 있습니다. URL을 가진 사람은 이미지를 보는 대신 "
            "바꿀 수 있습니다. get_object에 서명하세요.",
        )
    response = requests.get(url, timeout=10)
    if response.status_code != 200:
        return False, both(
            f"Downloading the URL gave HTTP {response.status_code}, not 200: is the key right?",
            f"URL을 내려받으니 200이 아닌 HTTP {josa(response.status_code, '이')} 왔습니다. 객체 키가 맞나요?",
        )
    return True, both(
        f"The URL downloads {len(response.content)} bytes and expires after {expires} seconds.",
        f"URL로 {len(response.content)}바이트를 내려받았고, {expires}초 뒤에 만료됩니다.",
    )


CHAPTER = Chapter(
    number="08",
    stem="08-s3",
    title={"en": "S3: the app's image bucket", "ko": "S3: 앱의 이미지 버킷"},
    build_company=(company.create_image_bucket,),
    services=("s3", "s3control", "kms", "sts"),
    scenarios=(
        "s3_image_bucket_public_policy",
        "s3_image_bucket_acls_enabled",
        "s3_image_bucket_public_acl",
        "s3_image_bucket_public_access_block_off",
        "s3_account_public_access_block_off",
        "s3_image_bucket_sse_s3_only",
        "s3_image_bucket_allows_plain_http",
    ),
    checks=(
        "s3_bucket_public_access",
        "s3_bucket_level_public_access_block",
        "s3_account_level_public_access_blocks",
        "s3_bucket_acl_prohibited",
        "s3_bucket_kms_encryption",
        "s3_bucket_secure_transport_policy",
    ),
    exercises=(
        Exercise(
            id="8.1",
            title={"en": "Close the image bucket to the public", "ko": "이미지 버킷의 퍼블릭 액세스 막기"},
            requirements=(NO_PUBLIC_POLICY, NO_PUBLIC_ACL, NO_PUBLIC_OBJECT),
            hint={
                "en": "Two things can open the bucket to everyone: a bucket policy statement that lets in a public "
                "principal, and an ACL grant to a global group. Read both, then remove what opens it; switching "
                "Block Public Access on only hides them.",
                "ko": "버킷을 모두에게 여는 것은 두 가지입니다. 퍼블릭 주체를 허용하는 버킷 정책 문(Statement)과, 전역 "
                "그룹에 준 ACL 권한입니다. 둘 다 읽어 보고 버킷을 여는 부분을 없애세요. 퍼블릭 액세스 차단을 켜는 것은 "
                "가리는 것일 뿐입니다.",
            },
        ),
        Exercise(
            id="8.2",
            title={"en": "Block public access on the bucket", "ko": "버킷의 퍼블릭 액세스 차단 켜기"},
            checks=("s3_bucket_level_public_access_block",),
            resource=_image_bucket,
        ),
        Exercise(
            id="8.3",
            title={"en": "Block public access for the whole account", "ko": "계정 전체의 퍼블릭 액세스 차단 켜기"},
            checks=("s3_account_level_public_access_blocks",),
            resource=_account,
        ),
        Exercise(
            id="8.4",
            title={"en": "Disable ACLs on the bucket", "ko": "버킷의 ACL 비활성화하기"},
            checks=("s3_bucket_acl_prohibited",),
            resource=_image_bucket,
        ),
        Exercise(
            id="8.5",
            title={"en": "Encrypt new images with your own KMS key", "ko": "새 이미지를 고객 관리형 KMS 키로 암호화하기"},
            checks=("s3_bucket_kms_encryption",),
            resource=_image_bucket,
            requirements=(IMAGE_KEY,),
        ),
        Exercise(
            id="8.6",
            title={"en": "Refuse every request that does not use TLS", "ko": "TLS를 쓰지 않는 요청 모두 거부하기"},
            checks=("s3_bucket_secure_transport_policy",),
            resource=_image_bucket,
            requirements=(NO_PUBLIC_POLICY,),
        ),
        Exercise(
            id="8.7",
            title={"en": "Share one image with a presigned URL", "ko": "서명된 URL로 이미지 하나 공유하기"},
            hint={
                "en": "The S3 client can sign a GET for one object without any network call; give "
                "it the bucket, the key and a lifetime in seconds, then pass the URL to lab.grade.",
                "ko": "S3 클라이언트는 네트워크 호출 없이 객체 하나에 대한 GET 요청에 서명할 수 있습니다. "
                "버킷, 키, 유효 시간(초)을 주고, 받은 URL을 lab.grade에 넘기세요.",
            },
            grader=grade_presigned_url,
            needs_answer=True,
        ),
    ),
)
