"""Python's xmlrpc.client calling a capas server: every type, multicall, introspection, faults.

Usage: python3 client.py URL   prints "ok NAME" or "bad NAME ..." per check.
"""
import datetime
import sys
import xmlrpc.client


def check(name, got, want):
    print(("ok %s" % name) if got == want and type(got) is type(want) else "bad %s got %r" % (name, got))


def main():
    proxy = xmlrpc.client.ServerProxy(sys.argv[1], allow_none=True, use_builtin_types=True)
    values = {
        "int": 41,
        "negative": -2147483648,
        "boolean": True,
        "string": "árbol <&> \t 😀 end",
        "empty": "",
        "double": 0.1 + 0.2,
        "dateTime": datetime.datetime(1998, 7, 17, 14, 8, 55),
        "base64": bytes([0, 1, 2, 255]),
        "array": [1, "two", 3.0, []],
        "struct": {"name": "capas", "nested": {"deep": [True, False]}},
        "nil": None,
    }
    for name, value in values.items():
        check(name, proxy.echo(value), value)
    check("suma", proxy.suma(2, 3), 5)
    check("addtogether", proxy.addtogether("ho", "la"), "hola")
    check("quadratic", proxy.quadratic(1, -3, 2), [2.0, 1.0])

    multi = xmlrpc.client.MultiCall(proxy)
    multi.suma(1, 2)
    multi.echo("x")
    multi.no.such.method()
    results = multi()
    check("multicall.0", results[0], 3)
    check("multicall.1", results[1], "x")
    try:
        results[2]
        print("bad multicall.2 no fault")
    except xmlrpc.client.Fault as fault:
        check("multicall.2", fault.faultCode, -32601)

    methods = proxy.system.listMethods()
    check("listMethods", all(m in methods for m in ["suma", "echo", "system.multicall"]), True)
    check("methodHelp", isinstance(proxy.system.methodHelp("suma"), str), True)
    check("methodSignature", isinstance(proxy.system.methodSignature("suma"), list), True)
    check("getCapabilities", "faults_interop" in proxy.system.getCapabilities(), True)

    for name, call, code in [
        ("fault.unknown", lambda: proxy.no_such_method(), -32601),
        ("fault.params", lambda: proxy.suma(1), -32602),
    ]:
        try:
            call()
            print("bad %s no fault" % name)
        except xmlrpc.client.Fault as fault:
            check(name, fault.faultCode, code)


if __name__ == "__main__":
    main()
