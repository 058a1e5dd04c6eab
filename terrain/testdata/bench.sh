#!/bin/sh
# Times `iadsim viewshed` against gdal_viewshed (Debian gdal-bin) on the
# same rasters: the SRTM-3 tile N44W072.hgt (1201 x 1201), the same tile
# resampled to 1 arc-second (3601 x 3601, gdalwarp -tr), and UTM 19N copies
# of both (where gdal_viewshed's -md is in metres). Observer on Mount
# Washington, 10 m antenna, 30 m target, 100 km, k = 4/3 (-cc 0.75); from
# there 100 km covers the whole tile, so both programs do every cell.
# Each timing is the median of RUNS runs of the whole command (read the
# DEM, compute, write the GeoTIFF): wall time and CPU time (user + system).
#
# OBSERVERS (latitude,longitude pairs, space separated) times from other
# observers: the test observers are
#   OBSERVERS="44.27,-71.30 44.257,-71.253 44.0245,-71.8314 44.49,-71.57"
# (Mount Washington, Pinkham Notch, Mount Moosilauke, Lancaster).
#
# Usage, from the repository root:  sh terrain/testdata/bench.sh [RUNS]
set -eu
RUNS=${1:-5}
OBSERVERS=${OBSERVERS:-44.27,-71.30}
HGT=${HGT:-examples/data/N44W072.hgt}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
go build -o "$T/iadsim" ./cmd/iadsim

d=0.000277777777777778
gdalwarp -q -r bilinear -tr $d $d -te -72.000138888888889 43.999861111111111 -70.999861111111111 45.000138888888889 "$HGT" "$T/one.tif"
gdalwarp -q -r bilinear -t_srs EPSG:32619 "$HGT" "$T/utm3.tif"
gdalwarp -q -r bilinear -t_srs EPSG:32619 -tr 30 30 "$T/one.tif" "$T/utm1.tif"
# median of RUNS timings of a command: prints "wall cpu" in seconds
# (wall to the millisecond from date, CPU to the centisecond from time)
timeit() {
	for i in $(seq "$RUNS"); do
		t0=$(date +%s%N)
		/usr/bin/time -f "%U %S" -o "$T/t" "$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		awk -v w="$(( (t1 - t0) / 1000000 ))" '{printf "%.3f %.2f\n", w / 1000, $1 + $2}' "$T/t"
	done | sort -n | awk '{w[NR] = $1; c[NR] = $2} END {m = int((NR + 1) / 2); print w[m], c[m]}'
}

printf '%-20s %-28s %12s %12s %12s %12s %8s\n' observer raster "iadsim wall" "iadsim cpu" "gdal wall" "gdal cpu" "wall ratio"
for obs in $OBSERVERS; do
	lat=${obs%,*} lon=${obs#*,}
	# The observer in UTM 19N metres, for gdal_viewshed.
	set -- $(echo "$lon $lat" | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32619)
	OX=$1 OY=$2
	for r in "N44W072.hgt:$HGT:geo" "1 arc-second 3601x3601:$T/one.tif:geo" "UTM 1030x1411:$T/utm3.tif:utm" "UTM 30 m 2764x3785:$T/utm1.tif:utm"; do
		name=${r%%:*}; rest=${r#*:}; file=${rest%:*}; crs=${rest##*:}
		if [ "$crs" = geo ]; then ox=$lon oy=$lat; else ox=$OX oy=$OY; fi
		set -- $(timeit "$T/iadsim" viewshed --dem "$file" --observer "$lat,$lon" --height 10m --target-height 30m --max-range 100km --out "$T/a.tif")
		iw=$1 ic=$2
		set -- $(timeit gdal_viewshed -q -ox $ox -oy $oy -oz 10 -tz 30 -md 100000 -cc 0.75 "$file" "$T/b.tif")
		gw=$1 gc=$2
		printf '%-20s %-28s %12s %12s %12s %12s %8.2f\n' "$obs" "$name" "$iw" "$ic" "$gw" "$gc" "$(echo "$iw / $gw" | bc -l)"
	done
done
echo "ratio = iadsim wall / gdal_viewshed wall; below 1 means iadsim is faster. $(nproc) cores, GDAL $(gdalinfo --version)"
