from urllib.parse import parse_qs, urlsplit

from labs import company
from labs.chapters import Chapter, Exercise
from labs.language import both


def _image_bucket(aws):
    return company.image_bucket_name(aws.account_id)


def _account(aws):
    return aws.account_id


MAX_SHARE_SECONDS = 3600


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
    expires = int(query["X-Amz-Expires"][0])
    if expires > MAX_SHARE_SECONDS:
        return False, both(
            f"The URL is valid for {expires} seconds; to share one image, keep it to an hour "
            f"({MAX_SHARE_SECONDS} s) or less.",
            f"URL 유효 시간이 {expires}초입니다. 이미지 하나를 공유할 때는 1시간({MAX_SHARE_SECONDS}초) "
            "이하로 정하세요.",
        )
    bucket = _image_bucket(lab)
    if bucket not in url:
        return False, both(
            f"The URL does not point into the image bucket {bucket}.",
            f"URL이 이미지 버킷 {bucket}을(를) 가리키지 않습니다.",
        )
    response = requests.get(url, timeout=10)
    if response.status_code != 200:
        return False, both(
            f"Downloading the URL gave HTTP {response.status_code}, not 200: is the key right?",
            f"URL을 내려받으니 200이 아닌 HTTP {response.status_code}이(가) 왔습니다. 객체 키가 맞나요?",
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
            title={"en": "Close the image bucket to the public", "ko": "이미지 버킷의 퍼블릭 공개 닫기"},
            checks=("s3_bucket_public_access",),
            resource=_image_bucket,
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
        ),
        Exercise(
            id="8.6",
            title={"en": "Refuse every request that does not use TLS", "ko": "TLS를 쓰지 않는 요청 모두 거부하기"},
            checks=("s3_bucket_secure_transport_policy",),
            resource=_image_bucket,
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
