#!/bin/sh
# verbs_lat over softverbs with the VF profile (tests/softverbs/combos.sh).
SV_WANT=vf
. "${abs_top_srcdir:-.}/tests/softverbs/combos.sh"
