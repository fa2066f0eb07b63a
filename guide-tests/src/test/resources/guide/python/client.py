"""The migration page's Python client (ServerProxy); the test passes the server's URL."""
# guide:begin client
import sys
import xmlrpc.client

url = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8000/RPC2"
with xmlrpc.client.ServerProxy(url, allow_none=True) as proxy:
    print(proxy.add(2, 3))  # 5
    multicall = xmlrpc.client.MultiCall(proxy)
    multicall.add(1, 2)
    multicall.add(3, 4)
    print(list(multicall()))  # [3, 7]
    try:
        proxy.nosuch()
    except xmlrpc.client.Fault as fault:
        print("fault", fault.faultCode)
# guide:end client
