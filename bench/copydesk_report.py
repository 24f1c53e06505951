#!/usr/bin/env python3
"""Copydesk report: how a built site of wire articles reads against the
editors' own titles. Pages are matched to seeds by the first 8 words of
the summary and the lead (articles whose summary does not open the lead are
not counted: the report says how many were read).

usage: copydesk_report.py OUTPUT_DIR SEEDS_DIR TITLES.json
  TITLES.json: {"seed file name": "the editor's title", ...}

The evaluation corpus is not in the repository (its licence does not allow
it): see bench/README.md, "Copydesk evaluation", for how it is made."""
import sys,os,re,json,html,statistics,glob
out,seeds,titles=sys.argv[1],sys.argv[2],json.load(open(sys.argv[3]))
words=lambda t: re.findall(r"[a-z0-9']+",t.lower())
def rouge1(a,b):
    a,b=words(a),words(b)
    if not a or not b: return 0.0
    from collections import Counter
    o=sum((Counter(a)&Counter(b)).values()); 
    if not o: return 0.0
    p,r=o/len(a),o/len(b); return 2*p*r/(p+r)
# map source -> page via the JSON feed? simpler: every article page names its source? use slug from headline: scan pages
pages={}
by_lead={}
for k in titles:
    body=open(os.path.join(seeds,k)).read().split(' ',3)[-1]
    by_lead.setdefault(' '.join(words(body)[:8]),[]).append(k)
for f in glob.glob(out+'/[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html'):
    t=open(f).read()
    h=re.search(r'<h1 class="headline">(.*?)</h1>',t,re.S); d=re.search(r'<meta name="description" content="([^"]*)"',t)
    tags=sorted(set(re.findall(r'href="/tags/([a-z0-9-]+)/"',t)))
    if h and d:
        key=' '.join(words(html.unescape(d.group(1)))[:8])
        for k in by_lead.get(key,[]):
            pages.setdefault(k,(html.unescape(h.group(1)),html.unescape(d.group(1)),tags))
hl=[len(v[0]) for v in pages.values()]
r=[rouge1(v[0],titles[k]) for k,v in pages.items() if k in titles]
lead75=[]
for k in pages:
    body=open(os.path.join(seeds,k)).read().split(' ',3)[-1]
    lead75.append(rouge1(body[:75],titles[k]))
dup=sum(1 for v in pages.values() if v[1] and words(v[1])[:5]==words(v[0])[:5])
tagdirs=[d for d in os.listdir(out+'/tags') if os.path.isdir(os.path.join(out,'tags',d))]
from collections import Counter
uses=Counter(t for v in pages.values() for t in v[2])
months={'jan','feb','mar','apr','jun','jul','aug','sep','sept','oct','nov','dec'}
print(f"articles read: {len(pages)} of {len(titles)}")
print(f"headline chars: median {statistics.median(hl):.0f} (editors' titles: {statistics.median(len(t) for t in titles.values()):.0f})")
print(f"ROUGE-1 F1 vs editors' titles: {100*statistics.mean(r):.1f} (first 75 chars of the lead: {100*statistics.mean(lead75):.1f})")
print(f"cards whose summary opens with the headline's first 5 words: {100*dup/len(pages):.1f}%")
print(f"tag pages: {len(tagdirs)}; with one story: {100*sum(1 for t in tagdirs if uses[t]==1)/len(tagdirs):.1f}%; month-abbreviation tags on articles: {sum(uses[m] for m in months)}")
print(f"articles with a month-abbreviation tag: {sum(1 for v in pages.values() if months & set(v[2]))}")
