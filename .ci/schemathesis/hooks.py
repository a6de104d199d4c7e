"""renda's own checks for schemathesis (loaded through SCHEMATHESIS_HOOKS).

Every 4xx answer of the API carries the error object: a stable snake_case code and a message a
clerk can read, in Chinese (the API's `{"error": {"code", "message", "field"}}`).
"""

import re

import schemathesis

CODE = re.compile(r"^[a-z][a-z0-9_]*$")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@schemathesis.check
def error_object_in_chinese(ctx, response, case):
    """A 4xx answer is JSON with error.code (snake_case) and error.message (Chinese)."""
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = response.json()
    except Exception as e:  # noqa: BLE001 - any undecodable body is the failure reported
        raise AssertionError(f"{response.status_code} without a JSON body: {response.text[:200]!r}") from e
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        raise AssertionError(f"{response.status_code} without an error object: {body!r}")
    code, message = error.get("code"), error.get("message")
    if not isinstance(code, str) or not CODE.match(code):
        raise AssertionError(f"error.code is not a stable snake_case code: {code!r}")
    if not isinstance(message, str) or not CHINESE.search(message):
        raise AssertionError(f"error.message is not in Chinese: {message!r}")
    return None
