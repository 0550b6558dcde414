"""What the tests share: settings, the indexed answer environment, index helpers, the fake OpenAI server,
sanitisers and Slack set-ups. Test doubles live here and nowhere else (the fake Slack Web API ships in
``bot.fake_slack`` because users run it against their own deployments)."""
