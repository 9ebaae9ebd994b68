#!/usr/bin/env python3
"""Derives data/countries.txt, the names of countries and territories outside
China in Simplified Chinese, from the Debian iso-codes package's ISO 3166-1
translations (LGPL-2.1-or-later).

  python3 scripts/countries.py [ISO_3166-1.mo] > data/countries.txt

The default .mo file is /usr/share/locale/zh_CN/LC_MESSAGES/iso_3166-1.mo
(`apt-get install iso-codes`). Every translated short, official and common
name is kept except China's own (中国, its full name, 台湾, 香港, 澳门 and
their long forms) and names that are not a country (南极洲) or mean China too (中非). Added by hand:
the one-character short forms news uses for a country's side or army (俄方,
乌军; not 土方, earthwork, or 日军, the army of China's war memory), and bodies and regions reported as abroad (欧盟, 北约, 加沙).
"""
import gettext, sys

path = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/locale/zh_CN/LC_MESSAGES/iso_3166-1.mo"
with open(path, "rb") as f:
    catalog = gettext.GNUTranslations(f)._catalog

CHINA = {"中国", "中华人民共和国", "台湾", "中国台湾省", "香港", "中国香港特别行政区",
         "澳门", "中国澳门特别行政区"}
# 中非 is the Central African Republic but, as a word, China and Africa.
NOT_COUNTRIES = {"南极洲", "中非"}
# 美方 (the US side), 俄军 (the Russian army): one-character short names
# joined to 方 or 军, as headlines write them.
SHORT = "美俄乌以日韩朝英法德印伊叙越菲"
SIDES = "方军"
# 日军 is mostly the invading army of Chinese war memory, not Japan's forces
# today; 土 (Turkey) is left out for 土方, earthwork.
NOT_SIDES = {"日军"}
BODIES = ["欧盟", "北约", "欧洲联盟", "北大西洋公约组织", "加沙", "加沙地带", "约旦河西岸",
          "哈马斯", "真主党", "胡塞武装"]

names = {name for key, name in catalog.items() if key and name}
names -= CHINA | NOT_COUNTRIES
names |= {short + side for short in SHORT for side in SIDES} - NOT_SIDES
names |= set(BODIES)

print("# Countries and territories outside China, and the short forms news uses for them.")
print("# Derived by scripts/countries.py from Debian iso-codes (ISO 3166-1, zh_CN,")
print("# LGPL-2.1-or-later) with a few hand-added forms; do not edit.")
for name in sorted(names):
    print(name)
