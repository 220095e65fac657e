import ssl

from labs import company
from labs.chapters import Chapter, Exercise
from labs.grading import every_finding_passes
from labs.grading import Requirement, fails, holds
from labs.language import both
from labs.tls import certificates
from labs.korean import josa, particle


def _covers(names, host: str) -> bool:
    """Whether a certificate's DNS names cover `host`, a wildcard covering one label (RFC 6125), as clients match."""
    for name in names:
        name = name.lower().rstrip(".")
        if name == host or (name.startswith("*.") and host.split(".", 1)[-1] == name[2:] and "." in host):
            return True
    return False


def _issued_by_the_lab_ca(certificate) -> bool:
    """Whether the lab's CA signed this certificate (the signature verifies with the CA's public key)."""
    from cryptography.exceptions import InvalidSignature

    try:
        certificate.verify_directly_issued_by(certificates.company_ca().certificate)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _names_the_issuer_key(certificate) -> bool:
    from cryptography import x509

    try:
        identifier = certificate.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    except x509.ExtensionNotFound:
        return False
    expected = x509.AuthorityKeyIdentifier.from_issuer_public_key(certificates.company_ca().key.public_key())
    return identifier.key_identifier == expected.key_identifier


STRONG_HASHES = ("sha256", "sha384", "sha512")


def grade_certificate(lab, answer):
    """A certificate for the app's host name (its SAN, a wildcard included), signed by the lab's CA and
    naming its key, valid now, no longer than a public CA may issue today and for more than the
    30 days that ACM.1 asks of the certificate 5.4 imports, with a key of at least 2048 bits (RSA) or
    256 bits (EC) and a SHA-2 signature. Every failing rule is named."""
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    from labs.checks.acm_certificates_expiration_check import THRESHOLD_DAYS

    certificate = certificates.as_certificate(answer)
    if certificate is None:
        return False, both(
            "Pass the certificate itself: the x509.Certificate that CertificateBuilder.sign returned (or its PEM).",
            "인증서 자체를 넘기세요. CertificateBuilder.sign이 돌려준 x509.Certificate(또는 그 PEM)입니다.",
        )
    host = certificates.APP_HOST
    problems = []
    if not _covers(certificates.host_names(certificate), host):
        problems.append(both(
            f"The certificate's Subject Alternative Name does not list {host}; clients match the host name "
            "against that extension, not against the Common Name.",
            f"인증서의 주체 대체 이름(SAN)에 {josa(host, '이')} 없습니다. 클라이언트는 일반 이름(CN)이 아니라 이 "
            "확장에 있는 호스트 이름과 비교합니다.",
        ))
    ca = certificates.company_ca()
    if certificate.issuer != ca.certificate.subject or not _issued_by_the_lab_ca(certificate):
        problems.append(both(
            "The certificate is not issued by the lab's CA: set its issuer to ca.certificate.subject and sign "
            "it with ca.key.",
            "인증서를 실습 환경의 CA가 발급하지 않았습니다. 발급자(issuer)를 ca.certificate.subject로 정하고 "
            "ca.key로 서명하세요.",
        ))
    elif not _names_the_issuer_key(certificate):
        problems.append(both(
            "The certificate has no Authority Key Identifier naming the CA's key: strict clients (browsers, "
            "Python 3.13) refuse it. Add AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()).",
            "인증서에 CA의 키를 가리키는 기관 키 식별자(Authority Key Identifier)가 없어 엄격한 클라이언트(브라우저, "
            "Python 3.13)가 거부합니다. AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key())를 "
            "추가하세요.",
        ))
    algorithm = getattr(certificate.signature_hash_algorithm, "name", None)
    if algorithm not in STRONG_HASHES:
        problems.append(both(f"The certificate is signed with {algorithm}, which browsers refuse: sign with SHA-256.",
                             f"인증서의 서명 알고리즘이 {algorithm}입니다. 브라우저는 이 서명을 거부하니 "
                             "SHA-256으로 서명하세요."))
    now = certificates.now()
    lifetime = (certificate.not_valid_after_utc - certificate.not_valid_before_utc).days
    limit = certificates.max_public_validity_days(certificate.not_valid_before_utc)
    left = certificates.days_left(certificate)
    if not certificate.not_valid_before_utc <= now < certificate.not_valid_after_utc:
        problems.append(both("The certificate is not valid right now: check not_valid_before and not_valid_after.",
                             "인증서가 지금 유효하지 않습니다. not_valid_before와 not_valid_after를 확인하세요."))
    elif left <= THRESHOLD_DAYS:
        problems.append(both(
            f"The certificate has {left:.0f} days left: that is inside the {THRESHOLD_DAYS}-day window in which "
            "ACM.1 already fails, so exercise 5.4, which imports it, cannot pass. Make it valid for 90 days.",
            f"인증서의 남은 기간이 {left:.0f}일입니다. ACM.1이 이미 실패하는 {THRESHOLD_DAYS}일 안이라, 이 인증서를 "
            "가져오는 실습 5.4를 통과할 수 없습니다. 90일 동안 유효하게 만드세요.",
        ))
    if lifetime > limit:
        problems.append(both(
            f"The certificate is valid for {lifetime} days; a public CA may issue at most {limit} days today.",
            f"인증서 유효 기간이 {lifetime}일입니다. 지금 공인 CA가 발급할 수 있는 최대 기간은 {limit}일입니다.",
        ))
    key = certificate.public_key()
    if (isinstance(key, rsa.RSAPublicKey) and key.key_size < 2048) or (
            isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size < 256):
        problems.append(both("The key is too short: use RSA with 2048 bits or more, or EC P-256.",
                             "키가 너무 짧습니다. 2048비트 이상의 RSA나 EC P-256을 쓰세요."))
    if problems:
        return False, both(" ".join(p["en"] for p in problems), " ".join(p["ko"] for p in problems))
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
                           f"연결이 TLS 1.2나 1.3이 아니라 {josa(answer['version'], '을')} 썼습니다.")
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
                           f"서버 인증서는 {josa(certificates.APP_HOST, '이')} 아니라 {', '.join(names)}용입니다.")
    return True, both(
        f"Verified handshake with {certificates.APP_HOST} over {answer['version']}.",
        f"{josa(certificates.APP_HOST, '과')} {josa(answer['version'], '으로')} 검증된 핸드셰이크를 마쳤습니다.",
    )


REFUSALS = {
    "expired": (10, both("the client refusing the expired certificate", "만료된 인증서를 거부하는 클라이언트")),
    "wrong_host": (62, both("the client refusing a certificate for another host name",
                            "다른 호스트 이름의 인증서를 거부하는 클라이언트")),
    "old_tls": (None, both("the server refusing the TLS 1.0/1.1 client", "TLS 1.0/1.1 클라이언트를 거부하는 서버")),
}
VERIFY_REASONS = {10: "certificate has expired", 62: "hostname mismatch"}
"""OpenSSL's verify codes the two client-side refusals must carry, with OpenSSL's own words."""
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
            code = REFUSALS[key][0]
            reason = VERIFY_REASONS[code]
            return False, both(
                f"refusals[{key!r}] failed for another reason ({answer[key]}); it must fail with verify code "
                f"{code} ({reason}).",
                f"refusals[{key!r}]는 다른 이유로 실패했습니다({answer[key]}). 검증 코드 "
                f"{code}({reason}){particle(code, '으로')} "
                "실패해야 합니다.",
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


# 5.4, 5.5, 5.6: the load balancer as the internet sees it ------------------------------------------

def _listener(lab, state, port):
    lb = state.elbv2.load_balancer(company.LOAD_BALANCER)
    return next((listener for listener in lb.listeners if listener.port == port), None) if lb else None


def _no_load_balancer():
    return fails(f"The load balancer {company.LOAD_BALANCER} no longer exists; run the labs.start(...) cell again.",
                 f"로드 밸런서 {josa(company.LOAD_BALANCER, '이')} 더 이상 없습니다. labs.start(...) 셀을 다시 실행하세요.")


def _https_listener(lab, state):
    if state.elbv2.load_balancer(company.LOAD_BALANCER) is None:
        return None, _no_load_balancer()
    listener = _listener(lab, state, 443)
    if listener is None or listener.protocol != "HTTPS":
        return None, fails(
            "The load balancer has no HTTPS listener on port 443 any more: the app must be served there.",
            "로드 밸런서의 포트 443에 HTTPS 리스너가 더 이상 없습니다. 앱은 그 포트에서 서비스되어야 합니다.",
        )
    return listener, None


def _serves_a_certificate_for_the_app(lab, state):
    listener, missing = _https_listener(lab, state)
    if missing:
        return missing
    host = certificates.APP_HOST
    served = [state.acm.certificate(arn) for arn in listener.certificate_arns]
    if not served or any(c is None for c in served):
        return fails("The HTTPS listener's certificate is not in ACM (deleted?): point the listener at the renewed "
                     "certificate.",
                     "HTTPS 리스너의 인증서가 ACM에 없습니다(삭제했나요?). 리스너가 갱신한 인증서를 쓰게 하세요.")
    wrong = [c for c in served if not _covers(c.subject_alternative_names, host)]
    if wrong:
        names = ", ".join(n for c in wrong for n in c.subject_alternative_names)
        return fails(f"The HTTPS listener serves a certificate for {names}, not {host}: every visitor of the app "
                     "would get a host name mismatch.",
                     f"HTTPS 리스너가 {josa(host, '이')} 아니라 {names}용 인증서를 제공합니다. 앱에 오는 모든 방문자가 호스트 "
                     "이름 불일치 오류를 보게 됩니다.")
    return holds(f"The HTTPS listener serves a certificate for {host}.",
                 f"HTTPS 리스너는 {host}용 인증서를 제공합니다.")


SERVES_THE_APP = Requirement(both("The HTTPS listener serves a certificate for the app's host name",
                                  "HTTPS 리스너가 앱 호스트 이름의 인증서를 제공"),
                             _serves_a_certificate_for_the_app, ("elbv2", "acm"))
NO_CERTIFICATE_EXPIRING = every_finding_passes(
    "acm_certificates_expiration_check",
    both("No certificate in ACM expires within 30 days", "ACM의 어떤 인증서도 30일 안에 만료되지 않음"),
    both("No certificate in ACM expires within 30 days.", "ACM의 어떤 인증서도 30일 안에 만료되지 않습니다."),
    lambda lab, finding: None if finding.resource == company.app_certificate_arn(lab) else both(
        "It is no longer the listener's: delete it.", "이제 리스너가 쓰지 않는 인증서이니 삭제하세요."),
)


REDIRECT_STATUS = "HTTP_301"


def _resolved(value, original):
    """A redirect component: "#{port}" (or nothing) keeps the request's own value, as ELB does."""
    if value in (None, "", "#{port}", "#{host}", "#{protocol}"):
        return original
    return str(value)


def _http_redirects_to_https(lab, state):
    if state.elbv2.load_balancer(company.LOAD_BALANCER) is None:
        return _no_load_balancer()
    listener = _listener(lab, state, 80)
    if listener is None:
        return fails(
            "There is no listener on port 80 any more: people who type the address without https:// get no "
            "answer at all. Keep port 80, and make it redirect.",
            "포트 80에 리스너가 더 이상 없습니다. https:// 없이 주소를 입력한 사람은 아무 응답도 받지 못합니다. 포트 "
            "80은 두고 리디렉션하게 하세요.",
        )
    actions = sorted(listener.default_actions, key=lambda a: a.get("Order", 0))
    action = actions[0] if actions else {}
    if action.get("Type") != "redirect":
        return fails(f"The HTTP listener's default action is {action.get('Type')!r}, not a redirect to HTTPS.",
                     f"HTTP 리스너의 기본 작업이 HTTPS 리디렉션이 아니라 {action.get('Type')!r}입니다.")
    config = action.get("RedirectConfig") or {}
    protocol = _resolved(config.get("Protocol"), listener.protocol).upper()
    port = _resolved(config.get("Port"), str(listener.port))
    host = _resolved(config.get("Host"), certificates.APP_HOST)
    problems = []
    target = _listener(lab, state, int(port)) if port.isdigit() else None
    if protocol != "HTTPS":
        problems.append((f"it redirects to {protocol}, not HTTPS", f"리디렉션 대상 프로토콜이 HTTPS가 아니라 {protocol}입니다."))
    elif target is None or target.protocol != "HTTPS":
        problems.append((f"it sends visitors to HTTPS on port {port}, where no HTTPS listener answers: every "
                         "redirected visitor lands on a closed port",
                         f"방문자를 보내는 포트 {port}에는 HTTPS 리스너가 없습니다. 리디렉션된 방문자는 모두 닫힌 "
                         "포트에 도착합니다."))
    if host.lower() != certificates.APP_HOST:
        problems.append((f"it sends visitors to another host, {host}", f"리디렉션 대상이 다른 호스트 {host}입니다."))
    if config.get("StatusCode") != REDIRECT_STATUS:
        problems.append((f"its status is {config.get('StatusCode')}, not {REDIRECT_STATUS}: only a permanent redirect "
                         "is remembered by browsers, so later visits skip plain HTTP",
                         f"상태 코드가 {josa(REDIRECT_STATUS, '이')} 아니라 {config.get('StatusCode')}입니다. 브라우저는 영구 "
                         "리디렉션만 기억해, 다음 방문부터 평문 HTTP를 건너뜁니다."))
    if problems:
        return fails(f"The HTTP listener redirects, but {'; '.join(en for en, _ in problems)}.",
                     f"HTTP 리스너의 리디렉션에 문제가 있습니다. {' '.join(ko for _, ko in problems)}")
    return holds(f"Port 80 answers every request with {REDIRECT_STATUS} to https://{host}:{port}.",
                 f"포트 80은 모든 요청에 {josa(REDIRECT_STATUS, '으로')} 답해 https://{host}:{port} 주소를 알려 줍니다.")


REDIRECTS = Requirement(both("Port 80 stays open and answers 301 to HTTPS on 443",
                             "포트 80을 열어 두고 443의 HTTPS로 301 응답"), _http_redirects_to_https, ("elbv2",))
NOTHING_IN_CLEAR_TEXT = every_finding_passes(
    "elbv2_ssl_listeners",
    both("No listener serves requests without TLS", "TLS 없이 요청을 처리하는 리스너 없음"),
    both("No listener serves requests without TLS.", "TLS 없이 요청을 처리하는 리스너가 없습니다."),
)


def _https_listener_kept(lab, state):
    listener, missing = _https_listener(lab, state)
    if missing:
        return missing
    return holds(f"The HTTPS listener on 443 uses {listener.ssl_policy}.",
                 f"443의 HTTPS 리스너는 {josa(listener.ssl_policy, '을')} 씁니다.")


HTTPS_KEPT = Requirement(both("The HTTPS listener on 443 stays", "443의 HTTPS 리스너 유지"), _https_listener_kept,
                         ("elbv2",))
CURRENT_TLS_ONLY = every_finding_passes(
    "elbv2_insecure_ssl_ciphers",
    both("Every HTTPS listener refuses TLS 1.0 and 1.1", "모든 HTTPS 리스너가 TLS 1.0과 1.1을 거부"),
    both("Every HTTPS listener offers TLS 1.2 or later only.", "모든 HTTPS 리스너가 TLS 1.2 이상만 제공합니다."),
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
            requirements=(SERVES_THE_APP, NO_CERTIFICATE_EXPIRING),
            hint={
                "en": "An imported certificate is renewed by importing a new certificate for the same host name, with "
                "its own key, into the same ARN; or into a new certificate the HTTPS listener then uses, the old one "
                "deleted.",
                "ko": "가져온 인증서는 같은 호스트 이름의 새 인증서를 그 인증서의 키와 함께 같은 ARN으로 다시 가져와 "
                "갱신합니다. 또는 새 인증서로 가져와 HTTPS 리스너가 쓰게 하고 이전 인증서를 삭제합니다.",
            },
        ),
        Exercise(
            id="5.5",
            title={"en": "Redirect HTTP to HTTPS", "ko": "HTTP를 HTTPS로 리디렉션하기"},
            requirements=(REDIRECTS, NOTHING_IN_CLEAR_TEXT),
        ),
        Exercise(
            id="5.6",
            title={"en": "A current TLS security policy", "ko": "최신 TLS 보안 정책 적용하기"},
            requirements=(HTTPS_KEPT, CURRENT_TLS_ONLY),
        ),
    ),
)
