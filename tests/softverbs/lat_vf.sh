#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# verbs_lat over softverbs with the VF profile (tests/softverbs/combos.sh).
SV_WANT=vf
. "${abs_top_srcdir:-.}/tests/softverbs/combos.sh"
