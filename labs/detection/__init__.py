"""Detections for chapter 10: Sigma rules (SigmaHQ's shared format) run on CloudTrail records with
pySigma, and scored against records whose answer is known (`labels`)."""
