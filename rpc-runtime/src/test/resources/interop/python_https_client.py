"""Python's xmlrpc.client over HTTPS, trusting one CA file: prints suma(2, 3).

Usage: python3 python_https_client.py URL CA.pem
"""
import ssl
import sys
import xmlrpc.client

context = ssl.create_default_context(cafile=sys.argv[2])
print(xmlrpc.client.ServerProxy(sys.argv[1], context=context).suma(2, 3))
