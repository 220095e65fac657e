"""What several checks (and the graders that ask the same question) judge alike, one module per
service, as Prowler keeps `lib/` per service. Policies are read only through `labs.policy`."""
