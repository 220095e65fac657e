"""The lab's model of what the emulator does not have: the account's root user and its primary
contact information.

moto has no root user (no root MFA, no root access keys, `AccountMFAEnabled` always 0) and does not
implement `account.get_contact_information` / `put_contact_information` (measured, moto 5.2.5). The
lab keeps that state here, one `RootUser` per lab (so `labs.start` resets it), and exposes it as
`lab.root` with methods named and shaped like the IAM and Account APIs they stand in for. The
chapters say so wherever they use it. Everything else goes through real boto3 calls.

The TOTP verification is real: codes are computed from the device's seed with pyotp (RFC 6238,
30-second steps), a device is enabled with two consecutive codes, the first within one step of
now, and a code whose step was already used is refused, as AWS does.
"""

from __future__ import annotations

import base64
import secrets
import string
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from labs.errors import LabError
from labs.korean import josa

STEP_SECONDS = 30
CONTACT_FIELDS = (
    "FullName",
    "CompanyName",
    "AddressLine1",
    "City",
    "PostalCode",
    "CountryCode",
    "PhoneNumber",
    "WebsiteUrl",
)
REQUIRED_CONTACT_FIELDS = ("FullName", "AddressLine1", "City", "PostalCode", "CountryCode", "PhoneNumber")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def days_ago(days: float) -> datetime:
    return _now() - timedelta(days=days)


@dataclass
class RootAccessKey:
    access_key_id: str
    status: str
    create_date: datetime
    last_used_date: datetime | None = None
    last_used_service: str | None = None
    last_used_region: str | None = None


@dataclass
class RootMfaDevice:
    serial_number: str
    seed: bytes
    enable_date: datetime | None = None
    last_step: int = -1
    """The last 30-second step whose code this device accepted; codes of that step or earlier are refused."""


@dataclass
class RootUser:
    """The root user of one lab account. Method names and answers follow IAM's and Account's APIs."""

    account_id: str
    created: datetime = field(default_factory=_now)
    password_last_used: datetime | None = None
    password_last_changed: datetime | None = None
    contact_information: dict = field(default_factory=dict)
    _devices: dict = field(default_factory=dict)
    _keys: dict = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account_id}:root"

    # --- MFA ---------------------------------------------------------------------------------

    def create_virtual_mfa_device(self, VirtualMFADeviceName: str = "root-account-mfa-device") -> dict:
        """A new virtual MFA device for the root user, as `iam.create_virtual_mfa_device` answers:
        the seed comes back as base32 bytes (moto and AWS both return bytes)."""
        name = str(VirtualMFADeviceName).strip()
        if not name or any(c not in string.ascii_letters + string.digits + "+=,.@-_" for c in name):
            raise LabError(
                f"{VirtualMFADeviceName!r} is not a device name; use letters, digits and +=,.@-_ (for example 'root-mfa').",
                f"{josa(repr(VirtualMFADeviceName), '은')} 디바이스 이름으로 쓸 수 없습니다. 영문자, 숫자, +=,.@-_만 "
                "쓰세요(예: 'root-mfa').",
            )
        serial = f"arn:aws:iam::{self.account_id}:mfa/{name}"
        seed = base64.b32encode(secrets.token_bytes(20))
        self._devices[serial] = RootMfaDevice(serial, seed)
        return {"VirtualMFADevice": {"SerialNumber": serial, "Base32StringSeed": seed}}

    def enable_mfa_device(self, SerialNumber: str, AuthenticationCode1, AuthenticationCode2) -> dict:
        """Enable a virtual device with two consecutive codes from it (the console's two boxes)."""
        device = self._device(SerialNumber)
        first, second = _code(AuthenticationCode1, "1"), _code(AuthenticationCode2, "2")
        now = _step()
        # The first code may be up to two steps old (the second must be no newer than now + 1).
        step = next((s for s in (now - 2, now - 1, now) if _totp(device, s) == first), None)
        if step is None:
            raise LabError(
                "AuthenticationCode1 is not a current code of this device: make it from the device's "
                "seed just before the call (codes change every 30 seconds).",
                "AuthenticationCode1이 이 디바이스의 현재 코드가 아닙니다. 호출 직전에 디바이스의 시드로 "
                "코드를 만드세요(코드는 30초마다 바뀝니다).",
            )
        if _totp(device, step + 1) != second:
            raise LabError(
                "AuthenticationCode2 is not the code that follows AuthenticationCode1: give two consecutive "
                "codes, the second from the next 30-second step.",
                "AuthenticationCode2가 AuthenticationCode1 바로 다음 코드가 아닙니다. 연속된 코드 두 개를 "
                "넣으세요. 두 번째 코드는 다음 30초 구간의 코드입니다.",
            )
        if step <= device.last_step:
            raise _reused(first)
        device.last_step = step + 1
        device.enable_date = _now()
        return {}

    def deactivate_mfa_device(self, SerialNumber: str) -> dict:
        device = self._device(SerialNumber)
        device.enable_date = None
        return {}

    def list_mfa_devices(self) -> dict:
        return {"MFADevices": [
            {"UserName": "<root_account>", "SerialNumber": d.serial_number, "EnableDate": d.enable_date}
            for d in self._devices.values() if d.enable_date
        ]}

    @property
    def mfa_active(self) -> bool:
        return any(d.enable_date for d in self._devices.values())

    def sign_in(self, MFACode) -> dict:
        """A console sign-in as root with the password (assumed right) and a code from the MFA device."""
        code = _code(MFACode, "")
        enabled = [d for d in self._devices.values() if d.enable_date]
        if not enabled:
            self.password_last_used = _now()
            return {"SignedIn": True, "MFAUsed": False}
        now = _step()
        for device in enabled:
            for step in (now - 1, now, now + 1):
                if _totp(device, step) == code:
                    if step <= device.last_step:
                        raise _reused(code)
                    device.last_step = step
                    self.password_last_used = _now()
                    return {"SignedIn": True, "MFAUsed": True}
        raise LabError(
            f"{code} is not a current code of the root user's MFA device: make a new one from its seed.",
            f"{josa(code, '은')} 루트 사용자 MFA 디바이스의 현재 코드가 아닙니다. 시드로 새 코드를 만드세요.",
        )

    def _device(self, serial) -> RootMfaDevice:
        device = self._devices.get(str(serial))
        if device is None:
            raise LabError(
                f"The root user has no virtual MFA device {serial!r}; create one with "
                "lab.root.create_virtual_mfa_device() and use the SerialNumber it returns.",
                f"루트 사용자에게 {josa(repr(serial), '이라는')} 가상 MFA 디바이스가 없습니다. "
                f"lab.root.create_virtual_mfa_device()로 "
                "만들고, 돌려받은 SerialNumber를 쓰세요.",
            )
        return device

    # --- access keys -------------------------------------------------------------------------

    def create_access_key(self, created: datetime | None = None) -> dict:
        key_id = "AKIA" + "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(16))
        key = RootAccessKey(key_id, "Active", created or _now())
        self._keys[key_id] = key
        secret = secrets.token_urlsafe(30)[:40]
        return {"AccessKey": {"UserName": "<root_account>", "AccessKeyId": key_id, "Status": "Active",
                              "SecretAccessKey": secret, "CreateDate": key.create_date}}

    def list_access_keys(self) -> dict:
        return {"AccessKeyMetadata": [
            {"UserName": "<root_account>", "AccessKeyId": k.access_key_id, "Status": k.status, "CreateDate": k.create_date}
            for k in self._keys.values()
        ]}

    def get_access_key_last_used(self, AccessKeyId: str) -> dict:
        key = self._key(AccessKeyId)
        used = {"Region": key.last_used_region or "N/A", "ServiceName": key.last_used_service or "N/A"}
        if key.last_used_date:
            used["LastUsedDate"] = key.last_used_date
        return {"UserName": "<root_account>", "AccessKeyLastUsed": used}

    def update_access_key(self, AccessKeyId: str, Status: str) -> dict:
        if Status not in ("Active", "Inactive"):
            raise LabError(
                f"Status {Status!r} is not a key status; use 'Active' or 'Inactive'.",
                f"{josa(repr(Status), '은')} 키 상태가 아닙니다. 'Active' 또는 'Inactive'를 쓰세요.",
            )
        self._key(AccessKeyId).status = Status
        return {}

    def delete_access_key(self, AccessKeyId: str) -> dict:
        self._key(AccessKeyId)
        del self._keys[AccessKeyId]
        return {}

    @property
    def access_keys(self) -> list[RootAccessKey]:
        return list(self._keys.values())

    def _key(self, key_id) -> RootAccessKey:
        key = self._keys.get(str(key_id))
        if key is None:
            listed = ", ".join(self._keys) or "none"
            raise LabError(
                f"The root user has no access key {key_id!r} (its keys: {listed}); "
                "lab.root.list_access_keys() lists them.",
                f"루트 사용자에게 {josa(repr(key_id), '이라는')} 액세스 키가 없습니다(현재 키: {listed}). "
                "lab.root.list_access_keys()로 목록을 보세요.",
            )
        return key

    # --- contact information (the Account API's primary contact) ---------------------------------

    def get_contact_information(self) -> dict:
        return {"ContactInformation": dict(self.contact_information)}

    def put_contact_information(self, ContactInformation: dict) -> dict:
        if not isinstance(ContactInformation, dict):
            raise LabError(
                "ContactInformation is a dict of fields such as FullName, CompanyName, PhoneNumber.",
                "ContactInformation은 FullName, CompanyName, PhoneNumber 같은 필드를 담은 dict입니다.",
            )
        unknown = [k for k in ContactInformation if k not in CONTACT_FIELDS]
        if unknown:
            raise LabError(
                f"ContactInformation has no field {unknown[0]!r}; the fields are {', '.join(CONTACT_FIELDS)}.",
                f"ContactInformation에는 {unknown[0]!r} 필드가 없습니다. 필드는 {', '.join(CONTACT_FIELDS)}입니다.",
            )
        missing = [k for k in REQUIRED_CONTACT_FIELDS if not str(ContactInformation.get(k, "")).strip()]
        if missing:
            raise LabError(
                f"ContactInformation needs {', '.join(missing)} too: AWS requires {', '.join(REQUIRED_CONTACT_FIELDS)}.",
                f"ContactInformation에 {', '.join(missing)}도 필요합니다. AWS는 {josa(', '.join(REQUIRED_CONTACT_FIELDS), '을')} "
                "요구합니다.",
            )
        self.contact_information = dict(ContactInformation)
        return {}

    def __repr__(self) -> str:
        from labs.language import current

        if current() == "ko":
            return (f"<계정 {self.account_id}의 루트 사용자 (실습 환경의 모델: 에뮬레이터에는 없음) · "
                    f"MFA {'켜짐' if self.mfa_active else '꺼짐'} · 액세스 키 {len(self._keys)}개>")
        return (f"<root user of {self.account_id} (the lab's model: the emulator has none) · "
                f"MFA {'on' if self.mfa_active else 'off'} · access keys {len(self._keys)}>")


def _step(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // STEP_SECONDS)


def _totp(device: RootMfaDevice, step: int) -> str:
    import pyotp

    return pyotp.TOTP(device.seed.decode()).at(step * STEP_SECONDS)


def _code(value, which: str) -> str:
    code = str(value).strip()
    if not (len(code) == 6 and code.isdigit()):
        name = f"AuthenticationCode{which}" if which else "MFACode"
        raise LabError(
            f"{name} {value!r} is not an MFA code: a code is 6 digits as a string, such as "
            "pyotp.TOTP(seed).now() returns.",
            f"{name} {josa(repr(value), '은')} MFA 코드가 아닙니다. 코드는 pyotp.TOTP(seed).now()가 돌려주는 것 같은 "
            "6자리 숫자 문자열입니다.",
        )
    return code


def _reused(code: str) -> LabError:
    return LabError(
        f"Code {code} was already used: an MFA code works once; wait for the device's next code (30 seconds) and use that.",
        f"코드 {josa(code, '은')} 이미 사용했습니다. MFA 코드는 한 번만 쓸 수 있습니다. 디바이스의 다음 코드(30초 뒤)를 쓰세요.",
    )
