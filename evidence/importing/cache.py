"""The checked plan of an upload, kept with the upload so that showing the preview again or confirming
it does not read and check the file again: the whole plan (ImportUpload.plan_cache, for confirming) and
its summary (preview_cache: counts, errors, columns, first responses; quick to load for the preview).

The plan holds unsaved model instances, so it is pickled; the bytes are signed with the secret key and
refused unless the signature matches, so only what this code wrote is ever unpickled. A cache that
cannot be used (missing, tampered with, from an older code version) is simply rebuilt from the file."""

import hashlib
import hmac
import pickle
import zlib

from django.utils.crypto import salted_hmac

from evidence.importing.plan import ImportPlan

SALT = "evidence.importing.cache.v1"
SIGNATURE_BYTES = hashlib.sha256().digest_size


def dump(plan: ImportPlan) -> bytes:
    payload = zlib.compress(pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL), level=1)
    return _sign(payload) + payload


def load(data: bytes | memoryview | None) -> ImportPlan | None:
    if not data:
        return None
    data = bytes(data)
    signature, payload = data[:SIGNATURE_BYTES], data[SIGNATURE_BYTES:]
    if not hmac.compare_digest(signature, _sign(payload)):
        return None
    try:
        plan = pickle.loads(zlib.decompress(payload))  # signed above: written by dump
    except Exception:  # a plan pickled by an older version of the code: rebuild it
        return None
    return plan if isinstance(plan, ImportPlan) else None


def _sign(payload: bytes) -> bytes:
    return salted_hmac(SALT, payload, algorithm="sha256").digest()
