"""Korean particles after a word the lab fills in: "버킷 {name}은(는)" reads as machine output, so every
Korean sentence picks the particle from the word itself: `josa("community-app-trail", "은")` is
"community-app-trail은", `josa("minho", "이")` is "minho가", `josa("b896", "으로")` is "b896으로".

The particle follows how a Korean reader says the word's last sound (받침 or not, ㄹ or not):

- Hangul and numbers: `tossi` (PyPI) reads them, numbers as Sino-Korean ("22가", "1로", "10으로", "b896으로"),
  as Koreans read ids and ports. AWS names said in English are the exception: "S3는", "EC2로", "IMDSv1을".
- Latin letters, which tossi leaves as "은(는)": the lab reads them here. An acronym (all capitals, a
  known AWS acronym in lower case, or letters without a vowel) is read letter by letter, as Korean
  engineers say them: "SSH는" (에이치), "IAM은" (엠), "ACL로" (엘). A word is read as its English sound:
  "colleague가", "sungjin이", "bucket은" (버킷), "app으로" (앱), "trail로" (트레일), "name은" (네임).
- What follows the word in brackets or quotes is skipped, as Korean orthography reads the word before a
  parenthesis: "인증서 arn:...(example.com)은" follows "arn:...". A closing quote is read through:
  "'minho'가".

`josa` never returns a template such as "은(는)"; tests/test_korean_particles.py holds it to a table of
the lab's own names and holds every engine sentence to having no template particle.
"""

from __future__ import annotations

import re

import tossi

# AWS and network acronyms the lab's names carry in lower case, read letter by letter.
ACRONYMS = frozenset({
    "acl", "acm", "alb", "ami", "api", "arn", "aws", "cidr", "cis", "cli", "cmk", "cn", "csv", "dns", "ebs", "ec",
    "ecs", "eks", "elb", "fsbp", "http", "https", "iam", "id", "imds", "ip", "json", "kms", "mfa", "nlb", "os",
    "rds", "s3", "san", "sg", "sns", "sqs", "ssh", "ssl", "ssm", "sso", "sts", "tcp", "tls", "totp", "udp", "uri",
    "url", "vpc", "www",
})
# The letters whose Korean name ends in a consonant: 엘 and 알 (ㄹ), 엠 and 엔.
_LETTER_RIEUL = set("lr")
_LETTER_CONSONANT = set("mn")
_VOWELS = set("aeiouy")
# Stand-ins with the same last sound, for tossi to choose the particle after.
_STAND_IN = {"vowel": "가", "rieul": "알", "consonant": "각"}
_TRAILING_SKIPPED = re.compile(r"[\s'\"`.,;:!?»”’\]>}/\\-]+$")
_PARENTHESIS_AT_END = re.compile(r"^(?P<before>.*\S)\s*\([^()]*\)$", re.S)
_LATIN_RUN = re.compile(r"[A-Za-z]+$")
# AWS names that end in a digit said in English, as Korean engineers say them: 에스쓰리, 이씨투, 아이엠디에스브이원.
_SAID_IN_ENGLISH = {"s3": "vowel", "ec2": "vowel", "imdsv2": "vowel", "imdsv1": "consonant", "sigv4": "vowel"}
_NAME_WITH_DIGIT = re.compile(r"(?i)(?:^|[^a-z0-9])([a-z]+[0-9])$")


def _reading_target(word: str) -> str:
    """The part of `word` whose last sound decides the particle."""
    text = word
    while True:
        stripped = _TRAILING_SKIPPED.sub("", text)
        parenthesis = _PARENTHESIS_AT_END.match(stripped)
        if parenthesis:
            stripped = parenthesis["before"]
        if stripped == text:
            return text
        text = stripped


def _english_sound(run: str) -> str:
    """"vowel", "rieul" or "consonant": the last sound of a run of Latin letters as a Korean reader says it."""
    lower = run.lower()
    if run.isupper() or lower in ACRONYMS or not (_VOWELS & set(lower)) or len(lower) == 1:
        last = lower[-1]
        return "rieul" if last in _LETTER_RIEUL else "consonant" if last in _LETTER_CONSONANT else "vowel"
    # A silent final e (name, zone, file, code): the sound is the consonant before it.
    if len(lower) > 2 and lower.endswith("e") and lower[-2] not in _VOWELS and lower[-3] in _VOWELS:
        before = lower[-2]
        return "consonant" if before in "mn" else "rieul" if before == "l" else "vowel"
    last = lower[-1]
    if lower.endswith(("ng", "m", "n")):
        return "consonant"  # 성진, 네임, 지영
    if last == "l":
        return "rieul"  # 트레일, 테이블
    if last in "kptb":
        # One short vowel before the stop keeps it as 받침 (버킷, 웹, 앱, 랩, 시크릿, 백); after a long vowel
        # or another consonant Korean adds 으 (루트, 테스트, 스크립트).
        if lower.endswith(("pp", "tt", "ck", "bb")):
            return "consonant"
        if len(lower) >= 2 and lower[-2] in _VOWELS and (len(lower) < 3 or lower[-3] not in _VOWELS):
            return "consonant"
        return "vowel"
    return "vowel"  # a vowel, r (유저), d and g (클라우드, 로그), s, x, z, f, v, h (액세스, 푸시)


def josa(word, particle: str) -> str:
    """`word` followed by the form of `particle` ("은", "이", "을", "으로", "과", ...) that its last sound takes."""
    text = str(word)
    target = _reading_target(text)
    latin = _LATIN_RUN.search(target)
    named = _NAME_WITH_DIGIT.search(target)
    if named and named.group(1).lower() in _SAID_IN_ENGLISH:
        chosen = tossi.pick(_STAND_IN[_SAID_IN_ENGLISH[named.group(1).lower()]], particle)
    elif latin:
        chosen = tossi.pick(_STAND_IN[_english_sound(latin.group())], particle)
    elif target and (target[-1].isdigit() or "\uac00" <= target[-1] <= "\ud7a3"):
        chosen = tossi.pick(target, particle)
    else:
        # Nothing readable (an empty value, a symbol): the form after a vowel, which reads naturally after a
        # closing bracket or quote.
        chosen = tossi.pick(_STAND_IN["vowel"], particle)
    return text + chosen


def particle(word, form: str) -> str:
    """Only the particle `josa(word, form)` would add: for a word whose brackets follow it in the sentence,
    "{arn}({domain}){particle(arn, '은')}"."""
    return josa(word, form)[len(str(word)):]
