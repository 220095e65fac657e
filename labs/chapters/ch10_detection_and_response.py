"""Chapter 10: detection and incident response (work in progress)."""

from labs.chapters import Chapter
from labs.incident import play


def play_the_night(aws):
    """The company's day and the night of the incident, recorded (labs.incident)."""
    return play.play(aws)


CHAPTER = Chapter(
    number="10",
    stem="10-detection-and-response",
    title={"en": "Detection and incident response", "ko": "탐지와 침해 사고 대응"},
    build_company=(play_the_night,),
    services=("cloudtrail", "ec2", "iam", "s3", "sts", "events", "sqs", "logs", "cloudwatch", "sns", "guardduty",
              "securityhub", "ce"),
)
