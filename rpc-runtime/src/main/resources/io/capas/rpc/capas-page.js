// The method page's script (capas, io.capas.rpc.MethodPage): shows each method's form, turns its
// JSON arguments into a <methodCall> with the mapping of `capas call`, POSTs it to this page's URL
// and shows the answer as JSON. No framework, no eval, nothing inline (the page's CSP forbids it).
'use strict';

(function () {
  const MAX_DEPTH = 64;
  const INT_MIN = -(2n ** 31n);
  const INT_MAX = 2n ** 31n - 1n;
  const I8_MIN = -(2n ** 63n);
  const I8_MAX = 2n ** 63n - 1n;
  const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
  const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
  const DATE = /^[0-9]{8}T[0-9]{2}:[0-9]{2}:[0-9]{2}$/;
  const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

  function xmlText(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  // JSON text to XML-RPC <value> contents, keeping what JSON.parse would lose (2 is an <int>, 2.0
  // a <double>; integers beyond 53 bits stay exact).
  class Arguments {
    constructor(text) {
      this.text = text;
      this.pos = 0;
    }

    fail(message) {
      throw new Error(message + ' at offset ' + this.pos);
    }

    space() {
      while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos])) {
        this.pos++;
      }
    }

    // The whole text: one JSON array, each element a parameter.
    params() {
      this.space();
      if (this.pos === this.text.length) {
        return [];
      }
      if (this.text[this.pos] !== '[') {
        this.fail('expected a JSON array of arguments');
      }
      const params = this.array(1);
      this.space();
      if (this.pos !== this.text.length) {
        this.fail('unexpected text after the array');
      }
      return params;
    }

    // Returns {xml, string}: the value's XML, and its text when it is a JSON string.
    value(depth) {
      if (depth > MAX_DEPTH) {
        this.fail('nested deeper than ' + MAX_DEPTH);
      }
      this.space();
      const c = this.text[this.pos];
      if (c === undefined) {
        this.fail('unexpected end of input');
      }
      if (c === '[') {
        const items = this.array(depth + 1).map((v) => '<value>' + v + '</value>');
        return { xml: '<array><data>' + items.join('') + '</data></array>' };
      }
      if (c === '{') {
        return { xml: this.object(depth + 1) };
      }
      if (c === '"') {
        const s = this.string();
        return { xml: '<string>' + xmlText(s) + '</string>', string: s };
      }
      if (c === 't') {
        return { xml: this.word('true', '<boolean>1</boolean>') };
      }
      if (c === 'f') {
        return { xml: this.word('false', '<boolean>0</boolean>') };
      }
      if (c === 'n') {
        return { xml: this.word('null', '<nil/>') };
      }
      if (c === '-' || (c >= '0' && c <= '9')) {
        return { xml: this.number() };
      }
      this.fail("unexpected character '" + c + "'");
    }

    word(word, xml) {
      if (!this.text.startsWith(word, this.pos)) {
        this.fail('expected ' + word);
      }
      this.pos += word.length;
      return xml;
    }

    number() {
      NUMBER.lastIndex = this.pos;
      const m = NUMBER.exec(this.text);
      if (m === null) {
        this.fail('expected a digit');
      }
      this.pos += m[0].length;
      if (m[1] !== undefined || m[2] !== undefined) {
        const d = Number(m[0]);
        if (!Number.isFinite(d)) {
          this.fail('number out of range: ' + m[0]);
        }
        return '<double>' + String(d) + '</double>';
      }
      const n = BigInt(m[0]);
      if (n >= INT_MIN && n <= INT_MAX) {
        return '<int>' + n + '</int>';
      }
      if (n >= I8_MIN && n <= I8_MAX) {
        return '<i8>' + n + '</i8>';
      }
      this.fail('integer out of 64-bit range: ' + m[0]);
    }

    string() {
      STRING.lastIndex = this.pos;
      const m = STRING.exec(this.text);
      if (m === null) {
        this.fail('bad or unterminated string');
      }
      this.pos += m[0].length;
      return JSON.parse(m[0]);
    }

    // After '[': the elements' XML.
    array(depth) {
      this.pos++;
      const items = [];
      this.space();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return items;
      }
      for (;;) {
        items.push(this.value(depth).xml);
        this.space();
        const c = this.text[this.pos++];
        if (c === ']') {
          return items;
        }
        if (c !== ',') {
          this.pos--;
          this.fail('expected , or ]');
        }
      }
    }

    object(depth) {
      const start = this.pos;
      this.pos++;
      const members = new Map();
      this.space();
      if (this.text[this.pos] === '}') {
        this.pos++;
      } else {
        for (;;) {
          this.space();
          if (this.text[this.pos] !== '"') {
            this.fail('expected a member name');
          }
          const name = this.string();
          this.space();
          if (this.text[this.pos++] !== ':') {
            this.pos--;
            this.fail('expected :');
          }
          if (members.has(name)) {
            this.fail('duplicate member ' + name);
          }
          members.set(name, this.value(depth));
          this.space();
          const c = this.text[this.pos++];
          if (c === '}') {
            break;
          }
          if (c !== ',') {
            this.pos--;
            this.fail('expected , or }');
          }
        }
      }
      if (members.size === 1 && members.has('$dateTime.iso8601')) {
        const s = members.get('$dateTime.iso8601').string;
        if (s === undefined || !DATE.test(s)) {
          throw new Error('bad dateTime (expected yyyyMMddTHH:mm:ss) at offset ' + start);
        }
        return '<dateTime.iso8601>' + s + '</dateTime.iso8601>';
      }
      if (members.size === 1 && members.has('$base64')) {
        const s = members.get('$base64').string;
        const packed = s === undefined ? undefined : s.replace(/\s/g, '');
        if (packed === undefined || !BASE64.test(packed)) {
          throw new Error('bad base64 at offset ' + start);
        }
        return '<base64>' + packed + '</base64>';
      }
      let xml = '<struct>';
      for (const [name, v] of members) {
        xml += '<member><name>' + xmlText(name) + '</name><value>' + v.xml + '</value></member>';
      }
      return xml + '</struct>';
    }
  }

  function methodCall(method, params) {
    let xml = '<?xml version="1.0"?>\n<methodCall>\n<methodName>' + xmlText(method);
    xml += '</methodName>\n<params>\n';
    for (const p of params) {
      xml += '<param><value>' + p + '</value></param>\n';
    }
    return xml + '</params>\n</methodCall>\n';
  }

  function elements(node) {
    return Array.from(node.children);
  }

  function child(node, name) {
    return elements(node).find((e) => e.localName === name);
  }

  // A <value> element as JSON text, in the output mapping of `capas call`.
  function json(value, depth) {
    if (depth > 10000) {
      throw new Error('value nested too deeply');
    }
    const typed = elements(value)[0];
    if (typed === undefined) {
      return JSON.stringify(value.textContent);
    }
    const text = typed.textContent;
    switch (typed.localName) {
      case 'int':
      case 'i4':
      case 'i8':
      case 'i2':
      case 'i1':
        return String(BigInt(text.trim()));
      case 'double':
      case 'float': {
        const d = Number(text.trim());
        if (!Number.isFinite(d)) {
          return 'null';
        }
        return Number.isInteger(d) && !/e/i.test(String(d)) ? String(d) + '.0' : String(d);
      }
      case 'boolean':
        return text.trim() === '1' ? 'true' : 'false';
      case 'nil':
        return 'null';
      case 'dateTime.iso8601':
        return '{"$dateTime.iso8601": ' + JSON.stringify(text.trim()) + '}';
      case 'base64':
        return '{"$base64": ' + JSON.stringify(text.replace(/\s/g, '')) + '}';
      case 'array': {
        const data = child(typed, 'data');
        const items = data === undefined ? [] : elements(data).filter((e) => e.localName === 'value');
        return '[' + items.map((v) => json(v, depth + 1)).join(', ') + ']';
      }
      case 'struct': {
        const members = elements(typed).filter((e) => e.localName === 'member');
        const parts = members.map((m) => {
          const name = child(m, 'name');
          const v = child(m, 'value');
          return JSON.stringify(name === undefined ? '' : name.textContent) + ': ' +
            (v === undefined ? 'null' : json(v, depth + 1));
        });
        return '{' + parts.join(', ') + '}';
      }
      default:
        return JSON.stringify(text);
    }
  }

  // {fault: true, code, string} or {fault: false, json}.
  function outcome(answer) {
    const doc = new DOMParser().parseFromString(answer, 'application/xml');
    const root = doc.documentElement;
    if (root === null || root.localName !== 'methodResponse' ||
        doc.getElementsByTagName('parsererror').length > 0) {
      throw new Error('the answer is not an XML-RPC methodResponse');
    }
    const fault = child(root, 'fault');
    if (fault !== undefined) {
      const struct = child(child(fault, 'value'), 'struct');
      let code = '';
      let string = '';
      for (const m of elements(struct)) {
        const name = child(m, 'name').textContent;
        const v = child(m, 'value');
        if (name === 'faultCode') {
          code = json(v, 0);
        } else if (name === 'faultString') {
          string = child(v, 'string') !== undefined ? child(v, 'string').textContent : v.textContent;
        }
      }
      return { fault: true, code: code, string: string };
    }
    const param = child(child(root, 'params'), 'param');
    return { fault: false, json: json(child(param, 'value'), 0) };
  }

  async function call(section, form) {
    const method = section.dataset.method;
    const result = form.querySelector('.result');
    const sent = form.querySelector('.sent');
    const received = form.querySelector('.received');
    result.className = 'result busy';
    result.textContent = 'calling...';
    sent.textContent = '';
    received.textContent = '';
    let body;
    try {
      body = methodCall(method, new Arguments(form.querySelector('.params').value).params());
    } catch (e) {
      result.className = 'result error';
      result.textContent = 'arguments: ' + e.message;
      return;
    }
    sent.textContent = body;
    try {
      const response = await fetch(window.location.pathname, {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml' },
        body: body,
        credentials: 'same-origin',
        cache: 'no-store',
      });
      const answer = await response.text();
      received.textContent = answer;
      if (!response.ok) {
        result.className = 'result error';
        result.textContent = 'HTTP ' + response.status + ' ' + response.statusText;
        return;
      }
      const o = outcome(answer);
      if (o.fault) {
        result.className = 'result fault';
        result.textContent = 'fault ' + o.code + ': ' + o.string;
      } else {
        result.className = 'result ok';
        result.textContent = o.json;
      }
    } catch (e) {
      result.className = 'result error';
      result.textContent = e.message;
    }
  }

  function start() {
    for (const section of document.querySelectorAll('section.method')) {
      const form = section.querySelector('form.call');
      if (form === null) {
        continue;
      }
      form.hidden = false;
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        call(section, form);
      });
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
