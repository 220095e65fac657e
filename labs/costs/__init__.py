"""Chapter 04's cost data: a generated bill for the startup (`generator`), served through the
emulator's Cost Explorer (`cost_explorer`), read into pandas (`loaders`), with the lab's reference
anomaly detector (`anomalies`), the month's forecast (`forecast`) and plots (`charts`)."""
