from labs import company
from labs.chapters import Chapter, Exercise

CHAPTER = Chapter(
    number="00",
    stem="00-welcome",
    title={"en": "Welcome: how the lab works", "ko": "시작하기: 실습 환경 사용법"},
    build_company=(company.create_image_bucket,),
    services=("s3", "sts"),
    scenarios=("s3_image_bucket_public_access_block_off",),
    checks=("s3_bucket_level_public_access_block",),
    exercises=(
        Exercise(
            id="0.1",
            title={
                "en": "Turn the image bucket's Block Public Access back on",
                "ko": "이미지 버킷의 퍼블릭 액세스 차단을 다시 켜기",
            },
            checks=("s3_bucket_level_public_access_block",),
            resource=lambda aws: company.image_bucket_name(aws.account_id),
        ),
    ),
    in_story=False,
)
