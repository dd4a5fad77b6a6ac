#!/usr/bin/env bash
# End-to-end check of the CDK app on LocalStack (docs/deploy.md, "LocalStack"):
#   1. start LocalStack in Docker (needs LOCALSTACK_AUTH_TOKEN: current images refuse to start without it),
#   2. build the loader, function and client jars,
#   3. keygen (the key file and its public-key file), then deploy the LocalStack variant of the stack
#      with cdklocal (-c localstack=true: API, both functions, table and key secret; no CloudFront,
#      WAF or SnapStart), giving it the public-key file (never the key file),
#   4. put the key file into the secret, generate a small synthetic leak, load it (the loader
#      chooses the dataset's bucket bits), verify it from the table,
#   5. check that GET /v2/info publishes the pinned key, then run the Java client (leakcheck check,
#      pinned to the public-key file) against the LocalStack API URL: a known present NIR must be
#      found (exit 0) and a known absent one must not (exit 1).
# Where no Docker engine answers it prints "skipped" and exits 0: nothing is deployed, nothing is claimed.
# Never prints the key or an identity (the identities are synthetic anyway).
#
# Environment: LOCALSTACK_AUTH_TOKEN (required), LOCALSTACK_IMAGE (default: the version pinned below, the
# same as the testkit's Testcontainers image), LOCALSTACK_PORT (default 4566), KEEP_LOCALSTACK=1 to leave it
# running.
# Tools: docker, java 17+, mvn, node 20+ with npm, curl, and the AWS CLI v2 (for put-secret-value).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work="$here/target/localstack"
port="${LOCALSTACK_PORT:-4566}"
endpoint="http://127.0.0.1:$port"
# Pinned, never latest: a new image can change what the stack's resources do. Keep in step with
# testkit/src/main/java/org/leakcheck/testkit/LocalStack.java (DEFAULT_IMAGE).
image="${LOCALSTACK_IMAGE:-localstack/localstack:4.9.2}"
container="leakcheck-localstack-$$"
stage=local
region=us-east-1
dataset=demo-local

say() { echo "localstack: $*"; }
fail() { echo "localstack: FAILED: $*" >&2; exit 1; }

if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
  say "skipped: no Docker engine (docker info failed); nothing was deployed or tested"
  exit 0
fi
if [ -z "${LOCALSTACK_AUTH_TOKEN:-}" ]; then
  echo "localstack: LOCALSTACK_AUTH_TOKEN is not set; current LocalStack images do not start without it." >&2
  echo "localstack: get one from your LocalStack account, export it, and run again. Nothing was deployed." >&2
  exit 2
fi
for tool in java mvn node npm curl aws; do
  command -v "$tool" >/dev/null 2>&1 || { echo "localstack: $tool is required (see the header of $0)" >&2; exit 2; }
done

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=$region AWS_REGION=$region
export AWS_ENDPOINT_URL="$endpoint" AWS_ENDPOINT_URL_S3="$endpoint"
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

rm -rf "$work" && mkdir -p "$work"
chmod 700 "$work"

cleanup() {
  if [ "${KEEP_LOCALSTACK:-}" = 1 ]; then
    say "leaving container $container running on $endpoint (docker rm -f $container to stop it)"
  else
    docker rm -f "$container" >/dev/null 2>&1 || true
  fi
  rm -f "$work/key.json"
}
trap cleanup EXIT

say "starting $image as $container on 127.0.0.1:$port"
# The Docker socket lets LocalStack run each Lambda function in its own container.
docker run -d --name "$container" -p "127.0.0.1:$port:4566" \
  -e LOCALSTACK_AUTH_TOKEN -e LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT=120 \
  -v /var/run/docker.sock:/var/run/docker.sock "$image" >/dev/null
for i in $(seq 1 90); do
  if curl -fsS "$endpoint/_localstack/health" 2>/dev/null | grep -q '"dynamodb": *"\(available\|running\)"'; then
    break
  fi
  [ "$i" = 90 ] && fail "LocalStack did not become healthy in 180 s (docker logs $container)"
  sleep 2
done

say "building loader, function and client jars"
(cd "$root" && mvn -B -q -C -pl loader,function,client -am package -DskipTests)
loader_jar=$(ls "$root"/loader/target/loader-*-cli.jar | head -1)
client_jar=$(ls "$root"/client/target/client-*-cli.jar | head -1)
[ -f "$root/function/target/function-lambda.jar" ] || fail "function/target/function-lambda.jar was not built"

say "creating a fresh OPRF key (key.json kept in $work and deleted at exit; key.pub.json beside it)"
java -jar "$loader_jar" keygen --out "$work/key.json" 2>/dev/null
[ -f "$work/key.pub.json" ] || fail "keygen did not write the public-key file key.pub.json"
json_field() { node -e 'process.stdout.write(String(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]]))' "$1" "$2"; }
key_id=$(json_field "$work/key.pub.json" keyId)

say "deploying the LocalStack variant with cdklocal"
cd "$here"
# No install scripts: the CDK CLI and cdklocal need none (their lock file has no install script).
npm ci --ignore-scripts --no-audit --no-fund >/dev/null
npx cdklocal bootstrap "aws://000000000000/$region" >/dev/null
npx cdklocal deploy "Leakcheck-$stage" --require-approval never --no-notices \
  -c localstack=true -c stage=$stage -c region=$region \
  -c publicKeyFile="$work/key.pub.json" -c keyId="$key_id" \
  --outputs-file "$work/outputs.json"
output() { node -e 'const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]]; process.stdout.write(o[process.argv[3]])' "$work/outputs.json" "Leakcheck-$stage" "$1"; }
table=$(output TableName)
secret_arn=$(output KeySecretArn)
api_id=$(output RestApiId)
api_url="$endpoint/restapis/$api_id/$stage/_user_request_"

say "putting the key file into the secret"
aws --endpoint-url "$endpoint" secretsmanager put-secret-value --secret-id "$secret_arn" \
  --secret-string "file://$work/key.json" >/dev/null

say "generating and loading a small synthetic leak"
java -jar "$loader_jar" generate --records 300 --seed 7 --output "$work/leak.csv" \
  --known-answers "$work/known-answers.json" >/dev/null
java -jar "$loader_jar" load --input "$work/leak.csv" --dataset "$dataset" --key "$work/key.json" \
  --title "LocalStack demo" --table "$table" --endpoint "$endpoint" --region "$region"
java -jar "$loader_jar" verify --dataset "$dataset" --key "$work/key.json" \
  --known-answers "$work/known-answers.json" --table "$table" --endpoint "$endpoint" --region "$region"

pick() { node -e 'const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).cases.find(c => c.kind === "nir" && c.expected === process.argv[2]); if (!c) process.exit(3); process.stdout.write(c.nir)' "$work/known-answers.json" "$1"; }

say "checking that GET /v2/info publishes the pinned key and lists $dataset"
curl -fsS "$api_url/v2/info" -o "$work/info.json" || fail "GET /v2/info failed"
[ "$(json_field "$work/info.json" publicKey)" = "$(json_field "$work/key.pub.json" publicKey)" ] \
  || fail "/v2/info does not publish the public key of key.pub.json"
[ "$(json_field "$work/info.json" keyId)" = "$key_id" ] || fail "/v2/info announces another keyId"
grep -q "\"id\": *\"$dataset\"" "$work/info.json" || fail "/v2/info does not list $dataset"

say "checking through the API with the Java client: a present NIR"
set +e
java -jar "$client_jar" --api "$api_url" --public-key "$work/key.pub.json" --nir "$(pick present)" >/dev/null
found=$?
say "checking through the API with the Java client: an absent NIR"
java -jar "$client_jar" --api "$api_url" --public-key "$work/key.pub.json" --nir "$(pick absent)" >/dev/null
absent=$?
set -e
[ "$found" = 0 ] || fail "the present NIR was not found through the API (client exit $found)"
[ "$absent" = 1 ] || fail "the absent NIR was not reported absent through the API (client exit $absent)"
say "passed: deployed to LocalStack, loaded $dataset, verified it, and the client found the present NIR and not the absent one"
