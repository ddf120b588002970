"""The sentry service: probes every eligible worker several times an epoch, posts one attestation root per
epoch to SentryAttestations, and jails the absent by quorum (issue 19)."""
