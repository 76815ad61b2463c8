"""What ``kyogitai serve`` tells the app processes it starts, through their environment.

Apart from ``serve.py`` so that an app checking whether it is served (screens/browser.py, on
every start) does not import the server's modules (hmac, OpenSSL's hashlib: ~2 ms of the start).
"""

BROWSER_ENV = "KYOGITAI_BROWSER"  # set for the served app processes
SERVE_PID_ENV = "KYOGITAI_SERVE_PID"  # the server's pid: a served app ends when it is gone
TOKEN_ENV = "KYOGITAI_SERVE_TOKEN"  # the token to use (the app that starts a server sets it)
