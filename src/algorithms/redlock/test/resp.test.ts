import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCommand, parseReply, RespError } from './resp';

describe('RESP encoding and parsing', () => {
  it('encodes a command as an array of bulk strings, counting bytes not characters', () => {
    expect(encodeCommand(['SET', 'k', 'é', 'PX', 10]).toString('utf8')).toBe(
      '*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n$2\r\nPX\r\n$2\r\n10\r\n',
    );
  });

  it('parses each reply type', () => {
    expect(parseReply(Buffer.from('+OK\r\n'))?.value).toBe('OK');
    expect(parseReply(Buffer.from(':42\r\n'))?.value).toBe(42);
    expect(parseReply(Buffer.from('$-1\r\n'))?.value).toBeNull();
    expect(parseReply(Buffer.from('$5\r\nhello\r\n'))?.value).toBe('hello');
    expect(parseReply(Buffer.from('*2\r\n$1\r\na\r\n:1\r\n'))?.value).toEqual(['a', 1]);
    const error = parseReply(Buffer.from('-ERR wrong\r\n'))?.value;
    expect(error).toBeInstanceOf(RespError);
    expect((error as RespError).message).toBe('ERR wrong');
  });

  it('waits for the rest of a reply split across packets', () => {
    expect(parseReply(Buffer.from('$5\r\nhel'))).toBeNull();
    expect(parseReply(Buffer.from('*2\r\n$1\r\na\r\n'))).toBeNull();
    expect(parseReply(Buffer.from(':4'))).toBeNull();
  });

  it('reads back any bulk string it could have been sent, including CRLF inside', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const bytes = Buffer.from(text, 'utf8');
        const reply = Buffer.concat([Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n')]);
        const parsed = parseReply(reply);
        expect(parsed?.value).toBe(bytes.toString('utf8'));
        expect(parsed?.next).toBe(reply.length);
      }),
    );
  });
});
