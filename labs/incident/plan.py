"""Everything the seed decides about the night: the same seed, the same night, to the second."""

from __future__ import annotations

import random
from dataclasses import dataclass

SEED = 1018
"""The chapter's seed (the issue's number and the month of the talk's sequel)."""

DEPLOY_USER = "deploy-bot"
DEPLOY_GROUP = "deployers"
DEPLOY_POLICY = "DeployPipeline"
MINER_REGION = "us-east-1"
MINER_TYPE = "c5.4xlarge"
MINER_HOURLY_USD = 0.68
"""On-demand price of a c5.4xlarge in us-east-1 (Linux), per hour."""
PIPELINE_IP = "198.51.100.23"
"""The GitHub Actions runner's address (198.51.100.0/24 is reserved for documentation)."""
OFFICE_IP = "203.0.113.10"


@dataclass(frozen=True)
class Plan:
    seed: int
    attacker_ip: str
    """An address of 192.0.2.0/24, reserved for documentation: nobody's real machine."""
    foreign_account: str
    miners: int
    minute: int
    """How many minutes past 16:00 UTC (01:00 in Seoul) the first call comes."""
    cli_version: str
    session_suffix: str

    @property
    def user_agent(self) -> str:
        return (f"aws-cli/{self.cli_version} md/awscrt#0.19.19 ua/2.0 os/linux#6.6.9-amd64 md/arch#x86_64 "
                "lang/python#3.11.8 md/pyimpl#CPython exe/x86_64.kali.2024 prompt/off")

    def at(self, hour: int, minute: int) -> str:
        """A time of the night (UTC, "HH:MM"), shifted by the seed's minute."""
        total = hour * 60 + minute + self.minute
        return f"{total // 60:02}:{total % 60:02}"

    @property
    def session_key_id(self) -> str:
        return "ASIA6ODU5DHT" + self.session_suffix


def plan(seed: int = SEED) -> Plan:
    rng = random.Random(seed)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return Plan(
        seed=seed,
        attacker_ip=f"192.0.2.{rng.randint(20, 230)}",
        foreign_account="".join(str(rng.randint(0, 9)) for _ in range(12)).replace("0", "7", 1),
        miners=rng.randint(3, 5),
        minute=rng.randint(2, 17),
        cli_version=f"2.{rng.randint(13, 17)}.{rng.randint(0, 40)}",
        session_suffix="".join(rng.choice(alphabet) for _ in range(8)),
    )
