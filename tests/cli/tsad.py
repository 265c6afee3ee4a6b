# SPDX-License-Identifier: MIT
# A throwaway RFC 3161 time-stamping authority on 127.0.0.1 for
# tests/cli/timestamp.sh: POSTed queries are answered by `openssl ts
# -reply` with the config given. Prints the port, then serves until
# killed.  usage: python3 tsad.py OPENSSL_TS_CONFIG WORKDIR
import http.server, os, subprocess, sys, tempfile

config, work = sys.argv[1], sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        query = self.rfile.read(n)
        with tempfile.TemporaryDirectory(dir=work) as d:
            q, r = os.path.join(d, "q.tsq"), os.path.join(d, "r.tsr")
            open(q, "wb").write(query)
            ok = subprocess.run(["openssl", "ts", "-reply", "-config", config,
                                 "-queryfile", q, "-out", r],
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL).returncode == 0
            body = open(r, "rb").read() if ok and os.path.exists(r) else b""
        self.send_response(200 if body else 500)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(srv.server_address[1], flush=True)
srv.serve_forever()
