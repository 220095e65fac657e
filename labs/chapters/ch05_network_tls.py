import ssl

from labs import company
from labs.chapters import Chapter, Exercise
from labs.language import both
from labs.tls import certificates


def _load_balancer(aws):
    return company.LOAD_BALANCER


def _app_certificate(aws):
    return company.app_certificate_arn(aws)


def grade_certificate(lab, answer):
    """A certificate for the app's host name, issued by the lab's CA, valid now, no longer than a
    public CA may issue today, with a key of at least 2048 bits (RSA) or 256 bits (EC)."""
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    certificate = certificates.as_certificate(answer)
    if certificate is None:
        return False, both(
            "Pass the certificate itself: the x509.Certificate that CertificateBuilder.sign returned (or its PEM).",
            "인증서 자체를 넘기세요. CertificateBuilder.sign이 돌려준 x509.Certificate(또는 그 PEM)입니다.",
        )
    host = certificates.APP_HOST
    if host not in certificates.host_names(certificate):
        return False, both(
            f"The certificate's Subject Alternative Name does not list {host}; clients match the host name "
            "against that extension, not against the Common Name.",
            f"인증서의 주체 대체 이름(SAN)에 {host}이(가) 없습니다. 클라이언트는 일반 이름(CN)이 아니라 이 "
            "확장에 있는 호스트 이름과 비교합니다.",
        )
    ca = certificates.company_ca()
    if certificate.issuer != ca.certificate.subject:
        return False, both(
            "The certificate is not issued by the lab's CA: sign it with ca.key and set its issuer to "
            "ca.certificate.subject.",
            "인증서를 실습 환경의 CA가 발급하지 않았습니다. ca.key로 서명하고 발급자(issuer)를 "
            "ca.certificate.subject로 정하세요.",
        )
    now = certificates.now()
    if not certificate.not_valid_before_utc <= now < certificate.not_valid_after_utc:
        return False, both("The certificate is not valid right now: check not_valid_before and not_valid_after.",
                           "인증서가 지금 유효하지 않습니다. not_valid_before와 not_valid_after를 확인하세요.")
    lifetime = (certificate.not_valid_after_utc - certificate.not_valid_before_utc).days
    limit = certificates.max_public_validity_days(certificate.not_valid_before_utc)
    if lifetime > limit:
        return False, both(
            f"The certificate is valid for {lifetime} days; a public CA may issue at most {limit} days today.",
            f"인증서 유효 기간이 {lifetime}일입니다. 지금 공인 CA가 발급할 수 있는 최대 기간은 {limit}일입니다.",
        )
    key = certificate.public_key()
    if (isinstance(key, rsa.RSAPublicKey) and key.key_size < 2048) or (
            isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size < 256):
        return False, both("The key is too short: use RSA with 2048 bits or more, or EC P-256.",
                           "키가 너무 짧습니다. 2048비트 이상의 RSA나 EC P-256을 쓰세요.")
    left = certificates.days_left(certificate)
    return True, both(
        f"A {lifetime}-day certificate for {host}, issued by the lab's CA; {left:.0f} days left.",
        f"실습 환경 CA가 발급한 {host}용 {lifetime}일짜리 인증서입니다. {left:.0f}일 남았습니다.",
    )


def grade_handshake(lab, answer):
    """The result of a handshake that verified the server: a TLS version, and the peer certificate,
    which Python returns only when it verified it."""
    if not isinstance(answer, dict) or "version" not in answer or "peer_certificate" not in answer:
        return False, both(
            'Pass the dict your handshake function returned, with "version" and "peer_certificate".',
            'handshake 함수가 돌려준 dict("version"과 "peer_certificate" 포함)를 넘기세요.',
        )
    if answer["version"] not in ("TLSv1.2", "TLSv1.3"):
        return False, both(f"The connection used {answer['version']}, not TLS 1.2 or 1.3.",
                           f"연결이 TLS 1.2나 1.3이 아니라 {answer['version']}을(를) 썼습니다.")
    names = [value for kind, value in (answer["peer_certificate"] or {}).get("subjectAltName", ()) if kind == "DNS"]
    if not names:
        return False, both(
            "peer_certificate is empty: Python returns the server's certificate only when the client "
            "verified it. Did the context turn verification off (CERT_NONE, check_hostname=False)?",
            "peer_certificate가 비어 있습니다. 파이썬은 클라이언트가 서버 인증서를 검증했을 때만 인증서를 "
            "돌려줍니다. 컨텍스트에서 검증을 끄지 않았나요(CERT_NONE, check_hostname=False)?",
        )
    if certificates.APP_HOST not in names:
        return False, both(f"The server's certificate is for {', '.join(names)}, not {certificates.APP_HOST}.",
                           f"서버 인증서는 {certificates.APP_HOST}가 아니라 {', '.join(names)}용입니다.")
    return True, both(
        f"Verified handshake with {certificates.APP_HOST} over {answer['version']}.",
        f"{certificates.APP_HOST}와 {answer['version']}로 검증된 핸드셰이크를 마쳤습니다.",
    )


REFUSALS = {
    "expired": (10, both("the client refusing the expired certificate", "만료된 인증서를 거부하는 클라이언트")),
    "wrong_host": (62, both("the client refusing a certificate for another host name",
                            "다른 호스트 이름의 인증서를 거부하는 클라이언트")),
    "old_tls": (None, both("the server refusing the TLS 1.0/1.1 client", "TLS 1.0/1.1 클라이언트를 거부하는 서버")),
}
PROTOCOL_REFUSALS = ("TLSV1_ALERT_PROTOCOL_VERSION", "UNSUPPORTED_PROTOCOL", "NO_PROTOCOLS_AVAILABLE",
                     "WRONG_SSL_VERSION", "SSLV3_ALERT_HANDSHAKE_FAILURE")


def grade_refusals(lab, answer):
    """Three failed handshakes, each for the right reason (OpenSSL's verify code or alert)."""
    if not isinstance(answer, dict):
        return False, both('Pass the dict of caught errors: refusals = {"expired": ..., "wrong_host": ..., '
                           '"old_tls": ...}.',
                           '잡은 오류를 담은 dict를 넘기세요: refusals = {"expired": ..., "wrong_host": ..., '
                           '"old_tls": ...}.')
    missing = [key for key in REFUSALS if not isinstance(answer.get(key), ssl.SSLError)]
    if missing:
        what_en = "; ".join(REFUSALS[key][1]["en"] for key in missing)
        what_ko = "; ".join(REFUSALS[key][1]["ko"] for key in missing)
        return False, both(f"No ssl.SSLError caught yet for {', '.join(missing)} ({what_en}).",
                           f"{', '.join(missing)}에 대해 잡은 ssl.SSLError가 아직 없습니다({what_ko}).")
    for key in ("expired", "wrong_host"):
        code = getattr(answer[key], "verify_code", None)
        if code != REFUSALS[key][0]:
            return False, both(
                f"refusals[{key!r}] failed for another reason ({answer[key]}); expected verify code {REFUSALS[key][0]}.",
                f"refusals[{key!r}]은(는) 다른 이유로 실패했습니다({answer[key]}). 검증 코드 {REFUSALS[key][0]}을(를) "
                "기대합니다.",
            )
    if getattr(answer["old_tls"], "reason", None) not in PROTOCOL_REFUSALS:
        return False, both(f"refusals['old_tls'] is not a protocol-version refusal: {answer['old_tls']}.",
                           f"refusals['old_tls']는 프로토콜 버전 거부가 아닙니다: {answer['old_tls']}.")
    return True, both(
        "Refused for the right reasons: certificate has expired (10), hostname mismatch (62), and "
        f"{answer['old_tls'].reason} for the old client.",
        "모두 올바른 이유로 거부되었습니다. 인증서 만료(10), 호스트 이름 불일치(62), 그리고 오래된 "
        f"클라이언트에 대한 {answer['old_tls'].reason}입니다.",
    )


CHAPTER = Chapter(
    number="05",
    stem="05-network-tls",
    title={"en": "Network TLS: certificates, handshakes and the load balancer",
           "ko": "네트워크 암호화 통신: 인증서, 핸드셰이크, 로드 밸런서"},
    services=("ec2", "elbv2", "acm", "sts"),
    build_company=(company.create_network, company.create_app_server, company.create_load_balancer),
    scenarios=(
        "acm_app_certificate_expiring",
        "elbv2_alb_serves_plain_http",
        "elbv2_https_listener_outdated_policy",
    ),
    checks=("elbv2_ssl_listeners", "elbv2_insecure_ssl_ciphers", "acm_certificates_expiration_check"),
    exercises=(
        Exercise(
            id="5.1",
            title={"en": "Make a key and a certificate for the app", "ko": "앱의 키와 인증서 만들기"},
            hint={
                "en": "x509.CertificateBuilder needs a subject, the issuer (the CA's subject), your public "
                "key, a serial number, two dates and a SubjectAlternativeName with the host name; sign it "
                "with the CA's key and SHA-256.",
                "ko": "x509.CertificateBuilder에는 주체(subject), 발급자(CA의 subject), 여러분의 공개 키, 일련번호, "
                "날짜 두 개, 호스트 이름을 담은 SubjectAlternativeName이 필요합니다. CA의 키와 SHA-256으로 "
                "서명하세요.",
            },
            grader=grade_certificate,
            needs_answer=True,
        ),
        Exercise(
            id="5.2",
            title={"en": "A verified TLS handshake with your server", "ko": "내 서버와 검증된 TLS 핸드셰이크"},
            hint={
                "en": "ssl.create_default_context verifies certificates and host names; tell it which CA to "
                "trust (cadata), connect a TCP socket to 127.0.0.1, and wrap it with server_hostname set to "
                "the app's host name.",
                "ko": "ssl.create_default_context는 인증서와 호스트 이름을 검증합니다. 신뢰할 CA(cadata)를 알려 "
                "주고, 127.0.0.1로 TCP 소켓을 연결한 다음, server_hostname을 앱의 호스트 이름으로 정해 "
                "감싸세요(wrap_socket).",
            },
            grader=grade_handshake,
            needs_answer=True,
        ),
        Exercise(
            id="5.3",
            title={"en": "Three handshakes that must fail", "ko": "실패해야 하는 핸드셰이크 세 가지"},
            hint={
                "en": "Call your handshake function inside try/except ssl.SSLError and keep the error: "
                "the expired server with your trusting context, the valid server under another host name, "
                "and the valid server with the outdated client.",
                "ko": "handshake 함수를 try/except ssl.SSLError 안에서 부르고 오류를 저장하세요. 만료된 서버에는 "
                "CA를 신뢰하는 컨텍스트로, 유효한 서버에는 다른 호스트 이름으로, 그리고 오래된 클라이언트로 "
                "연결합니다.",
            },
            grader=grade_refusals,
            needs_answer=True,
        ),
        Exercise(
            id="5.4",
            title={"en": "Renew the imported certificate in ACM", "ko": "ACM에 가져온 인증서 갱신하기"},
            checks=("acm_certificates_expiration_check",),
            resource=_app_certificate,
        ),
        Exercise(
            id="5.5",
            title={"en": "Redirect HTTP to HTTPS", "ko": "HTTP를 HTTPS로 리디렉션하기"},
            checks=("elbv2_ssl_listeners",),
            resource=_load_balancer,
        ),
        Exercise(
            id="5.6",
            title={"en": "A current TLS security policy", "ko": "최신 TLS 보안 정책 적용하기"},
            checks=("elbv2_insecure_ssl_ciphers",),
            resource=_load_balancer,
        ),
    ),
)
