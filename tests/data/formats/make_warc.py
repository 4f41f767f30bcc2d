"""Rebuild archive.warc.gz from the saved pages beside this script.

    python tests/data/formats/make_warc.py

Needs warcio. The WARC holds, in this order, the records listed in RECORDS:
a warcinfo record, a GET request and an HTML response for three of the
page_*.html files, an image/png response and a text/css response. Record ids
and dates are fixed, so the file is the same on every run.
"""
import base64
import io
import os
import re
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))

PNG_SRC = "page_people.html"   # the login box's inline data:image/png icon
CSS_SRC = "page_xinhuanet.html"  # the page's inline <style> block

RECORDS = [
    {"type": "warcinfo", "why": "not a capture: the archive's own description",
     "date": "2019-12-10T00:00:00Z"},
    {"type": "request", "uri": "http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm",
     "date": "2019-12-10T00:05:00Z", "why": "a request record, no content"},
    {"type": "response", "page": "page_xinhuanet.html", "content_type": "text/html; charset=utf-8",
     "uri": "http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm", "date": "2019-12-10T00:05:00Z"},
    {"type": "response", "content_type": "text/css",
     "uri": "http://www.xinhuanet.com/xl2019/css/detail-inline.css", "date": "2019-12-10T00:05:01Z",
     "why": "text/css, not a page"},
    {"type": "request", "uri": "http://www.banyuetan.org/jmcs/detail/20200102/1000200033136171577956287380194268_1.html",
     "date": "2020-01-02T09:30:00Z", "why": "a request record, no content"},
    {"type": "response", "page": "page_banyuetan.html", "content_type": "text/html; charset=utf-8",
     "uri": "http://www.banyuetan.org/jmcs/detail/20200102/1000200033136171577956287380194268_1.html",
     "date": "2020-01-02T09:30:00Z"},
    {"type": "response", "content_type": "image/png",
     "uri": "http://www.people.com.cn/img/2016wb/images/login-icon.png", "date": "2020-01-02T09:30:02Z",
     "why": "image/png, not a page"},
    {"type": "request", "uri": "https://news.sina.com.cn/c/2019-09-07/doc-iicezzrq4076655.shtml",
     "date": "2019-09-07T01:00:00Z", "why": "a request record, no content"},
    {"type": "response", "page": "page_sina.html", "content_type": "text/html; charset=utf-8",
     "uri": "https://news.sina.com.cn/c/2019-09-07/doc-iicezzrq4076655.shtml", "date": "2019-09-07T01:00:00Z"},
]


def png_bytes():
    html = open(f"{HERE}/{PNG_SRC}", encoding="utf-8").read()
    b64 = re.search(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html).group(1)
    return base64.b64decode(b64)


def css_bytes():
    html = open(f"{HERE}/{CSS_SRC}", encoding="utf-8").read()
    return re.search(r"(?is)<style>(.*?)</style>", html).group(1).strip().encode("utf-8") + b"\n"


def http_date(iso):
    import datetime as dt
    d = dt.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    return d.strftime("%a, %d %b %Y %H:%M:%S GMT")


def main():
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    w = WARCWriter(out, gzip=True, warc_version="WARC/1.0")
    for n, r in enumerate(RECORDS, 1):
        rid = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'formats-corpus/%d' % n)}>"
        hdrs = {"WARC-Record-ID": rid, "WARC-Date": r["date"]}
        if r["type"] == "warcinfo":
            info = {"software": "warcio (tests/data/formats/make_warc.py)", "format": "WARC File Format 1.0",
                    "description": "test archive: three saved Chinese news pages, their requests, one stylesheet, one image"}
            rec = w.create_warcinfo_record("archive.warc.gz", info)
            rec.rec_headers.replace_header("WARC-Record-ID", rid)
            rec.rec_headers.replace_header("WARC-Date", r["date"])
            w.write_record(rec)
            continue
        host = re.match(r"https?://([^/]+)", r["uri"]).group(1)
        path = r["uri"].split(host, 1)[1]
        if r["type"] == "request":
            http = StatusAndHeaders(f"GET {path} HTTP/1.1", [
                ("Host", host), ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) news-crawler/1.0"),
                ("Accept", "text/html,application/xhtml+xml"), ("Accept-Language", "zh-CN,zh;q=0.9")],
                is_http_request=True)
            rec = w.create_warc_record(r["uri"], "request", payload=io.BytesIO(b""), length=0,
                                       http_headers=http, warc_headers_dict=hdrs)
        else:
            if r.get("page"):
                body = open(f"{HERE}/{r['page']}", "rb").read()
            elif r["content_type"] == "image/png":
                body = png_bytes()
            else:
                body = css_bytes()
            http = StatusAndHeaders("200 OK", [
                ("Content-Type", r["content_type"]), ("Content-Length", str(len(body))),
                ("Date", http_date(r["date"])), ("Server", "nginx")], protocol="HTTP/1.1")
            rec = w.create_warc_record(r["uri"], "response", payload=io.BytesIO(body), length=len(body),
                                       http_headers=http, warc_headers_dict=hdrs)
        w.write_record(rec)
    with open(f"{HERE}/archive.warc.gz", "wb") as f:
        f.write(out.getvalue())


if __name__ == "__main__":
    main()
