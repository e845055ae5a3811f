#!/usr/bin/env python3
"""Validates every request and response of a scenario against the published OpenAPI 3.1 bundle.

Python's jsonschema (Debian's python3-jsonschema), Draft 2020-12, with no network access for
references: any emulator answer that does not match the spec fails. Prints TAP.
Usage: validate_scenario.py SPEC_3_1_JSON BASE_URL TOKEN
"""
import json
import sys
import urllib.error
import urllib.request

from jsonschema import Draft202012Validator, RefResolver

spec_path, base_url, token = sys.argv[1:4]
with open(spec_path, encoding="utf-8") as f:
    spec = json.load(f)


def no_network(uri):
    raise RuntimeError(f"refused to fetch {uri}: the spec must be self-contained")


resolver = RefResolver.from_schema(spec, handlers={"http": no_network, "https": no_network})
operations = {
    op["operationId"]: (path, op) for path, item in spec["paths"].items() for method, op in item.items() if method == "post"
}


def validator(schema):
    return Draft202012Validator(schema, resolver=resolver)


def request_errors(operation, body):
    schema = operations[operation][1]["requestBody"]["content"]["application/json"]["schema"]
    return [e.message for e in validator(schema).iter_errors(body)]


def response_schema(operation, status):
    responses = operations[operation][1]["responses"]
    response = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
    if response is None:
        return None
    if "$ref" in response:
        response = resolver.resolve(response["$ref"])[1]
    return response["content"]["application/json"]["schema"]


def send(operation, queue, body, auth=True):
    path = operations[operation][0].replace("{account_id}", "acc").replace("{queue_id}", queue)
    headers = {"content-type": "application/json"}
    if auth:
        headers["authorization"] = f"Bearer {token}"
    req = urllib.request.Request(base_url + path, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req) as res:
            return res.status, json.load(res)
    except urllib.error.HTTPError as err:
        return err.code, json.load(err)


n = 0
failures = 0


def ok(condition, what):
    global n, failures
    n += 1
    failures += 0 if condition else 1
    print(f"{'ok' if condition else 'not ok'} {n} - {what}")


def step(what, operation, queue, body, expect_status, request_valid=True, auth=True):
    errors = request_errors(operation, body)
    ok((not errors) == request_valid, f"{what}: the request {'matches' if request_valid else 'breaks'} the spec" + (f" ({errors[0]})" if errors and request_valid else ""))
    status, answer = send(operation, queue, body, auth)
    ok(status == expect_status, f"{what}: HTTP {status} (expected {expect_status})")
    schema = response_schema(operation, status)
    ok(schema is not None, f"{what}: the spec documents a {status} answer")
    if schema is not None:
        problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(schema).iter_errors(answer)]
        ok(not problems, f"{what}: the answer matches the spec" + (f" ({problems[0]})" if problems else ""))
    return answer


step("push json", "queues-push-message", "py", {"body": {"order_id": 4812}, "delay_seconds": 0}, 200)
step("push text", "queues-push-message", "py", {"body": "plain", "content_type": "text"}, 200)
step("push a batch", "queues-push-messages", "py", {"messages": [{"body": {"n": 1}}, {"body": "x", "content_type": "text", "delay_seconds": 5}], "delay_seconds": 1}, 200)
pulled = step("pull", "queues-pull-messages", "py", {"batch_size": 10, "visibility_timeout_ms": 60000}, 200)
leases = [m["lease_id"] for m in pulled["result"]["messages"]]
ok(len(leases) == 2, "pull leased the two messages without a delay")
step("ack and retry", "queues-ack-messages", "py", {"acks": [{"lease_id": leases[0]}], "retries": [{"lease_id": leases[1], "delay_seconds": 0}]}, 200)
step("ack an unknown lease", "queues-ack-messages", "py", {"acks": [{"lease_id": "bogus"}]}, 200)
step("400: a string body under json", "queues-push-message", "py", {"body": "not an object"}, 400, request_valid=False)
step("400: batch_size 0", "queues-pull-messages", "py", {"batch_size": 0}, 400, request_valid=False)
step("400: no credentials", "queues-pull-messages", "py", {}, 400, auth=False)
token_saved = token
token = "wrong-token"
step("403: a wrong token", "queues-pull-messages", "py", {}, 403)
token = token_saved
step("404: an unknown queue (strict)", "queues-pull-messages", "nowhere", {}, 404)
step("405: no HTTP pull consumer", "queues-pull-messages", "py-nopull", {}, 405)
step("409: delivery paused", "queues-pull-messages", "py-paused", {}, 409)

print(f"1..{n}")
sys.exit(1 if failures else 0)
