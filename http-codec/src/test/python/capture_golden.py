import socket, threading, xmlrpc.client, xmlrpc.server, sys, os
out = sys.argv[1]

# 1. Capture the request bytes xmlrpc.client sends, through a raw local socket.
ls = socket.socket(); ls.bind(('127.0.0.1', 0)); ls.listen(1)
port = ls.getsockname()[1]
captured = {}
def serve_once():
    c, _ = ls.accept()
    data = b''
    while b'\r\n\r\n' not in data:
        data += c.recv(65536)
    head, _, body = data.partition(b'\r\n\r\n')
    n = int([l.split(b':')[1] for l in head.split(b'\r\n') if l.lower().startswith(b'content-length')][0])
    while len(body) < n:
        body += c.recv(65536)
    captured['req'] = data[:len(head)+4] + body
    resp = b'<?xml version="1.0"?><methodResponse><params><param><value><int>5</int></value></param></params></methodResponse>'
    c.sendall(b'HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n' % len(resp) + resp)
    c.close()
t = threading.Thread(target=serve_once); t.start()
print(xmlrpc.client.ServerProxy('http://127.0.0.1:%d/RPC2' % port).suma(2, 3))
t.join(); ls.close()
open(os.path.join(out, 'python-xmlrpc-client-request.http'), 'wb').write(captured['req'])

# 2. Capture real xmlrpc.server responses to raw requests.
srv = xmlrpc.server.SimpleXMLRPCServer(('127.0.0.1', 0), logRequests=False)
srv.register_function(lambda a, b: a + b, 'suma')
srv.register_function(lambda n: 'x' * n, 'big')
sport = srv.server_address[1]
threading.Thread(target=srv.serve_forever, daemon=True).start()
def raw(req):
    s = socket.create_connection(('127.0.0.1', sport))
    s.sendall(req)
    data = b''
    while True:
        d = s.recv(65536)
        if not d: break
        data += d
    s.close()
    return data
def post(body, extra=b''):
    return (b'POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n' + extra +
            b'Content-Length: %d\r\n\r\n' % len(body) + body)
req = captured['req']
open(os.path.join(out, 'python-xmlrpc-server-response.http'), 'wb').write(raw(req))
fault = xmlrpc.client.dumps((1,), 'nosuch').encode()
open(os.path.join(out, 'python-xmlrpc-server-fault.http'), 'wb').write(raw(post(fault)))
big = xmlrpc.client.dumps((3000,), 'big').encode()
open(os.path.join(out, 'python-xmlrpc-server-gzip-response.http'), 'wb').write(raw(post(big, b'Accept-Encoding: gzip\r\n')))
srv.shutdown()
