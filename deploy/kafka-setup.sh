#!/usr/bin/env bash
# One-shot job of docker-compose.yml: creates one SCRAM principal per roadmirror role (DESIGN.md,
# "Security roles") and the schema registry's own principal with the ACLs it needs for _schemas.
# The roles' ACLs are applied by `roadmirror acls --apply` (the acls-* services), not here.
# Idempotent: a re-run sets the same passwords again.
set -euo pipefail
: "${BOOTSTRAP:?}" "${SCRAM_ADMIN_PASSWORD:?}"

umask 077
cat > /tmp/admin.properties <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${SCRAM_ADMIN_PASSWORD}";
PROPS
admin=(--bootstrap-server "${BOOTSTRAP}" --command-config /tmp/admin.properties)

user() { # name password
  /opt/kafka/bin/kafka-configs.sh "${admin[@]}" --alter --entity-type users --entity-name "$1" \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$2]" > /dev/null
  echo "principal User:$1 ready"
}
user loader "${LOADER_PASSWORD:?}"
user pipeline "${PIPELINE_PASSWORD:?}"
user gateway "${GATEWAY_PASSWORD:?}"
user subscriber "${SUBSCRIBER_PASSWORD:?}"
user router "${ROUTER_PASSWORD:?}"
user schema-registry "${SCHEMA_REGISTRY_KAFKA_PASSWORD:?}"

# Confluent Schema Registry keeps its schemas in _schemas and elects a leader in its group.
acl() { /opt/kafka/bin/kafka-acls.sh "${admin[@]}" --add --allow-principal User:schema-registry "$@" > /dev/null; }
acl --operation Create --operation Describe --operation DescribeConfigs --operation Read --operation Write --topic _schemas
acl --operation Read --group schema-registry
echo "ACLs of User:schema-registry ready"
rm -f /tmp/admin.properties
