#!/usr/bin/env bash
# Entry point of the schema registry of docker-compose.yml (confluentinc/cp-schema-registry image):
# HTTP basic authentication from a password file written here from the environment, so that no
# secret is committed. `registrar` registers the contract's schemas; `reader` is what producers and
# the pipeline use (auto-registration is off everywhere). Confluent's community registry
# authenticates but does not authorize per subject: keep the registrar's password with operators.
set -euo pipefail
: "${REGISTRY_REGISTRAR_PASSWORD:?}" "${REGISTRY_READER_PASSWORD:?}"

umask 077
mkdir -p /tmp/registry-auth
printf 'registrar: %s,admin\nreader: %s,reader\n' "${REGISTRY_REGISTRAR_PASSWORD}" "${REGISTRY_READER_PASSWORD}" \
  > /tmp/registry-auth/users.properties
cat > /tmp/registry-auth/jaas.conf <<JAAS
RoadmirrorRegistry {
  org.eclipse.jetty.jaas.spi.PropertyFileLoginModule required
  file="/tmp/registry-auth/users.properties";
};
JAAS
unset REGISTRY_REGISTRAR_PASSWORD REGISTRY_READER_PASSWORD
export SCHEMA_REGISTRY_OPTS="${SCHEMA_REGISTRY_OPTS:-} -Djava.security.auth.login.config=/tmp/registry-auth/jaas.conf"
exec /etc/confluent/docker/run
