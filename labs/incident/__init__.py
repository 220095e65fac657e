"""Chapter 10's incident: one night in the company's account, generated for a seed.

The story. Chapter 09 took the access keys off the app server; nobody remembered the deploy
pipeline's key. Minho made the IAM user `deploy-bot` for the GitHub Actions deploy months ago and,
the week before, committed a `.env` file holding its key to the app's repository, which went
public. Scanners find such keys within minutes. During the night (01:00 to 05:40 in Seoul) someone
used it from an outside address: who am I, what is here (discovery), a try at deleting the trail,
temporary credentials that outlive the key (GetSessionToken, 36 hours), a new access key for
another user (persistence), SSH opened to the world on the bastion's security group, crypto-miners
launched in us-east-1, a snapshot of the app server's disk shared with a foreign account, the
image bucket read, and, before leaving, the trail stopped. The company's ordinary day sits around
it: Sungjin, Minho and Jiyoung at work, the pipeline deploying in the evening.

- `plan`: everything the seed decides (the address, the times, the foreign account, the miners);
- `play`: the night and the ordinary day, as real calls against the emulator, recorded by the lab's
  CloudTrail recorder as the people who made them (`labs.cloudtrail.recorder.acting_as`,
  `story_time`); which of the attacker's calls AWS would refuse is asked of the policy engine with
  the deploy user's policies; the attacker's return after your response;
- `bill`: the day's costs as Cost Explorer reports them, by service and by region;
- `findings`: what GuardDuty and Security Hub would have reported (the lab's model: moto has
  neither's findings);
- `response`: every path the night opened, judged as AWS would judge it now, and the attacker's
  return after your response.
"""
