/**
 * A stand-in for the Route 53 API on 127.0.0.1 (node:http, port chosen by
 * the system) answering ListResourceRecordSets with Route 53's XML: one
 * hosted zone served in three pages (the second boundary falls between two
 * weighted sets of one name, so NextRecordIdentifier is needed),
 * NoSuchHostedZone / AccessDenied errors, and misbehaving answers (a listing
 * that loops, a 200 that is not Route 53's, XML cut short).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export const ZONE_ID = 'Z0418273EXAMPLE1QWE2';
export const DENIED_ZONE_ID = 'Z9DENIED9EXAMPLE';
/** A zone whose listing goes round a loop: page "a" says next is "b", page "b" says next is "a". */
export const LOOPING_ZONE_ID = 'Z7LOOPING7EXAMPLE';
/** A zone answered with HTTP 200 and a page that is not Route 53's (a proxy's HTML). */
export const HTML_ZONE_ID = 'Z8HTML8EXAMPLE';
/** A zone answered with HTTP 200 and XML cut short. */
export const BROKEN_XML_ZONE_ID = 'Z6BROKEN6EXAMPLE';

const NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

function rrset(inner: string): string {
  return `<ResourceRecordSet>${inner}</ResourceRecordSet>`;
}
function records(...values: string[]): string {
  return `<ResourceRecords>${values.map((v) => `<ResourceRecord><Value>${v}</Value></ResourceRecord>`).join('')}</ResourceRecords>`;
}

/** The zone's sets in Route 53 order, as XML, with the start key each page begins at. */
const SETS: { name: string; type: string; id?: string; xml: string }[] = [
  {
    name: 'example.net.',
    type: 'NS',
    xml: rrset(`<Name>example.net.</Name><Type>NS</Type><TTL>172800</TTL>${records('ns-1204.awsdns-22.org.', 'ns-1877.awsdns-42.co.uk.', 'ns-301.awsdns-37.com.', 'ns-764.awsdns-31.net.')}`),
  },
  {
    name: 'example.net.',
    type: 'SOA',
    xml: rrset(`<Name>example.net.</Name><Type>SOA</Type><TTL>900</TTL>${records('ns-1204.awsdns-22.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400')}`),
  },
  {
    name: 'example.net.',
    type: 'TXT',
    xml: rrset(`<Name>example.net.</Name><Type>TXT</Type><TTL>300</TTL>${records('&quot;v=spf1 include:_spf.example.com ~all&quot;', '&quot;a &lt;b&gt; &amp; c&quot;')}`),
  },
  {
    name: 'api.example.net.',
    type: 'A',
    id: 'blue',
    xml: rrset(`<Name>api.example.net.</Name><Type>A</Type><SetIdentifier>blue</SetIdentifier><Weight>10</Weight><TTL>60</TTL>${records('192.0.2.10')}`),
  },
  {
    name: 'api.example.net.',
    type: 'A',
    id: 'green',
    xml: rrset(`<Name>api.example.net.</Name><Type>A</Type><SetIdentifier>green</SetIdentifier><Weight>0</Weight><TTL>60</TTL>${records('192.0.2.20')}`),
  },
  {
    name: 'cdn.example.net.',
    type: 'A',
    xml: rrset(
      '<Name>cdn.example.net.</Name><Type>A</Type><AliasTarget><HostedZoneId>Z2FDTNDATAQYW2</HostedZoneId>' +
        '<DNSName>d111111abcdef8.cloudfront.net.</DNSName><EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget>',
    ),
  },
  {
    name: '\\052.example.net.',
    type: 'CNAME',
    xml: rrset(`<Name>\\052.example.net.</Name><Type>CNAME</Type><TTL>300</TTL>${records('www.example.net')}`),
  },
];

/** Pages: indexes into SETS where each page starts. */
const PAGE_STARTS = [0, 3, 4];

function pageXml(page: number): string {
  const from = PAGE_STARTS[page]!;
  const to = PAGE_STARTS[page + 1] ?? SETS.length;
  const next = SETS[to];
  const tail =
    next === undefined
      ? '<IsTruncated>false</IsTruncated>'
      : `<IsTruncated>true</IsTruncated><NextRecordName>${next.name}</NextRecordName><NextRecordType>${next.type}</NextRecordType>` +
        (next.id !== undefined ? `<NextRecordIdentifier>${next.id}</NextRecordIdentifier>` : '');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListResourceRecordSetsResponse xmlns="${NS}"><ResourceRecordSets>` +
    SETS.slice(from, to)
      .map((s) => s.xml)
      .join('') +
    `</ResourceRecordSets>${tail}<MaxItems>${to - from}</MaxItems></ListResourceRecordSetsResponse>`
  );
}

function errorXml(code: string, message: string): string {
  return (
    `<?xml version="1.0"?>\n<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code>` +
    `<Message>${message}</Message></Error><RequestId>7ac5b1a4-2f0e-4d3b-9e61-5a8c0d2f4b17</RequestId></ErrorResponse>`
  );
}

/** A running fake: its endpoint and the request paths+queries it saw. */
export interface FakeRoute53 {
  readonly endpoint: string;
  readonly requests: URL[];
  close(): Promise<void>;
}

/** Starts the fake Route 53 API. */
export async function startFakeRoute53(): Promise<FakeRoute53> {
  const requests: URL[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url);
    const m = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/.exec(url.pathname);
    res.setHeader('content-type', 'text/xml');
    res.setHeader('x-amzn-requestid', '7ac5b1a4-2f0e-4d3b-9e61-5a8c0d2f4b17');
    if (req.method !== 'GET' || !m) {
      res.statusCode = 400;
      res.end(errorXml('InvalidInput', 'unexpected request'));
      return;
    }
    const zone = decodeURIComponent(m[1]!);
    if (zone === DENIED_ZONE_ID) {
      res.statusCode = 403;
      res.end(errorXml('AccessDenied', `User: arn:aws:iam::111122223333:user/ro is not authorized to perform: route53:ListResourceRecordSets on resource: arn:aws:route53:::hostedzone/${zone}`));
      return;
    }
    if (zone === LOOPING_ZONE_ID) {
      const at = url.searchParams.get('name') === 'b.example.net.' ? 'b' : 'a';
      const next = at === 'a' ? 'b' : 'a';
      res.statusCode = 200;
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListResourceRecordSetsResponse xmlns="${NS}"><ResourceRecordSets>` +
          rrset(`<Name>${at}.example.net.</Name><Type>A</Type><TTL>60</TTL>${records('192.0.2.1')}`) +
          `</ResourceRecordSets><IsTruncated>true</IsTruncated><NextRecordName>${next}.example.net.</NextRecordName>` +
          `<NextRecordType>A</NextRecordType><MaxItems>1</MaxItems></ListResourceRecordSetsResponse>`,
      );
      return;
    }
    if (zone === HTML_ZONE_ID) {
      res.statusCode = 200;
      res.setHeader('content-type', 'text/html');
      res.end('<html><body><h1>Welcome</h1><p>Sign in to continue.</p></body></html>');
      return;
    }
    if (zone === BROKEN_XML_ZONE_ID) {
      res.statusCode = 200;
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<ListResourceRecordSetsResponse xmlns="${NS}"><ResourceRecordSets><ResourceRecordSet><Name>x`);
      return;
    }
    if (zone !== ZONE_ID) {
      res.statusCode = 404;
      res.end(errorXml('NoSuchHostedZone', `No hosted zone found with ID: ${zone}`));
      return;
    }
    const name = url.searchParams.get('name');
    let page = 0;
    if (name !== null) {
      const at = SETS.findIndex(
        (s) => s.name === name && s.type === url.searchParams.get('type') && (s.id ?? null) === url.searchParams.get('identifier'),
      );
      page = PAGE_STARTS.indexOf(at);
      if (page < 0) {
        res.statusCode = 400;
        res.end(errorXml('InvalidInput', `no page starts at ${name}`));
        return;
      }
    }
    res.statusCode = 200;
    res.end(pageXml(page));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
