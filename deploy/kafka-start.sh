#!/usr/bin/env bash
# Entry point of each broker of docker-compose.yml (apache/kafka image).
# SCRAM credentials live in the cluster metadata, so the first super users (admin for operators,
# broker for inter-broker traffic) are written when the storage is formatted; every later
# principal is created by kafka-setup.sh through the Admin API. A formatted volume is left as is.
set -euo pipefail
: "${SCRAM_ADMIN_PASSWORD:?}" "${SCRAM_BROKER_PASSWORD:?}" "${KAFKA_NODE_ID:?}" "${CLUSTER_ID:?}"

umask 077
cat > /tmp/format.properties <<PROPS
process.roles=${KAFKA_PROCESS_ROLES}
node.id=${KAFKA_NODE_ID}
controller.quorum.voters=${KAFKA_CONTROLLER_QUORUM_VOTERS}
controller.listener.names=${KAFKA_CONTROLLER_LISTENER_NAMES}
listeners=${KAFKA_LISTENERS}
advertised.listeners=${KAFKA_ADVERTISED_LISTENERS}
listener.security.protocol.map=${KAFKA_LISTENER_SECURITY_PROTOCOL_MAP}
inter.broker.listener.name=${KAFKA_INTER_BROKER_LISTENER_NAME}
sasl.mechanism.controller.protocol=${KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL}
sasl.mechanism.inter.broker.protocol=${KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL}
log.dirs=${KAFKA_LOG_DIRS}
PROPS
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id "${CLUSTER_ID}" --config /tmp/format.properties \
  --add-scram "SCRAM-SHA-512=[name=admin,password=${SCRAM_ADMIN_PASSWORD}]" \
  --add-scram "SCRAM-SHA-512=[name=broker,password=${SCRAM_BROKER_PASSWORD}]"
rm -f /tmp/format.properties

# Client settings of the admin, for the health check (kafka-broker-api-versions) only.
cat > /tmp/admin.properties <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${SCRAM_ADMIN_PASSWORD}";
PROPS
unset SCRAM_ADMIN_PASSWORD SCRAM_BROKER_PASSWORD
exec /etc/kafka/docker/run
