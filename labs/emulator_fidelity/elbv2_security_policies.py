"""ELBv2: ModifyListener accepts every security policy of the ELB guide's table, FIPS ones included.

moto 5.2's ModifyListener checks the policy name against the 18 policies it knows and answers
SSLPolicyNotFound for the others, FIPS and RFC 9151 ones among them, which AWS accepts (measured:
ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04 is refused). The lab lets moto accept every policy of the ELB
guide's table (labs/tls/policies.py) and still refuses a made-up name, with moto's own
SSLPolicyNotFound, as AWS does. (CreateListener in moto accepts any name at all; the lab leaves that
alone, and its check says when it does not know a listener's policy.)

Test: tests/emulator_fidelity/test_elbv2_security_policies.py (moto itself still refuses the FIPS names).
"""

from __future__ import annotations

from labs.emulator_fidelity._patching import replace


def install() -> None:
    from moto.elbv2 import responses

    from labs.tls import policies

    def modify_listener(self):
        ssl_policy = self._get_param("SslPolicy")
        if ssl_policy is not None and ssl_policy not in responses.SSL_POLICIES and not policies.is_known(ssl_policy):
            raise responses.RESTError("SSLPolicyNotFound", f"Policy {ssl_policy} not found")
        listener = self.elbv2_backend.modify_listener(
            self._get_param("ListenerArn"), self._get_param("Port"), self._get_param("Protocol"), ssl_policy,
            self._get_param("Certificates", []), self._get_param("DefaultActions", []),
        )
        return responses.ActionResult({"Listeners": [listener]})

    replace(__name__, responses.ELBV2Response, "modify_listener", modify_listener)
