from bot.fake_slack import answer_id_of


def test_mention_smoke(slack_env):
    s = slack_env
    status, body, took = s.slack.mention("U1", "C1", "What is the status of REQ-100042?", "1700000000.000100")
    assert status == 200, body
    row = s.wait_done("C1:1700000000.000100")
    print(row)
    msgs = s.fake.answers("C1:1700000000.000100")
    print(msgs)
    print([c.method for c in s.fake.calls])
    assert len(msgs) == 1 and answer_id_of(msgs[0])
