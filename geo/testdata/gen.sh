#!/bin/sh
# Regenerates the GeographicLib reference tables in this directory.
# Tools: GeographicLib 2.1.2 (Debian geographiclib-tools): CartConvert, GeodSolve;
# python3 only to turn CartConvert's local x y z into azimuth/elevation/range.
# Usage: cd geo/testdata && sh gen.sh
set -eu

ECEF_IN='90 0 0
-90 45 100
0 0 0
0 90 0
0 180 0
0 -180 0
10 180 1000
-10 -179.9999 50
44.27 -71.30 1917
51.6 -120 400000
-51.6 60 400000
0 75 35786000
31.5 35.5 -430
-33.9 151.2 58
-77.85 166.67 10
89.9999999 30 5
-0.000001 -0.000001 -10000
60 -150 -6000000'

{
  echo "# lat lon h (deg, m) -> X Y Z (m)"
  echo "# command: echo 'lat lon h' | CartConvert -p 9"
  echo "$ECEF_IN" | while read -r lat lon h; do
    printf '%s %s %s %s\n' "$lat" "$lon" "$h" "$(echo "$lat $lon $h" | CartConvert -p 9)"
  done
} > ecef.txt

ECEF_REV='0 0 6378137
6378137 0 0
-6378137 1e-9 0
0 0 -6356752.314245
1000 1000 6356752.314245
4e6 4e6 4e6
-1e5 2e6 -6.1e6
42164000 0 0
3e6 -1e6 -5.8e6
6778137 0 0
1 1 1'

{
  echo "# X Y Z (m) -> lat lon h (deg, m)"
  echo "# command: echo 'X Y Z' | CartConvert -r -p 9"
  echo "$ECEF_REV" | while read -r x y z; do
    printf '%s %s %s %s\n' "$x" "$y" "$z" "$(echo "$x $y $z" | CartConvert -r -p 9)"
  done
} > ecef_reverse.txt

# origin lat0 lon0 h0, then a target lat lon h.
LOCAL_IN='44.27 -71.30 1917 44.0 -71.0 100
44.27 -71.30 1917 44.27 -71.30 400000
0 0 0 0 1 0
0 179.9 10 0.1 -179.9 10000
-33.9 151.2 58 -34.5 150.1 12000
89 0 0 89 180 0
-60 -30 -50 -61 -31 30000
51.48 0 45 51.4 -0.1 -20'

{
  echo "# lat0 lon0 h0 lat lon h -> E N U (m) Az El (deg) Range (m)"
  echo "# command: echo 'lat lon h' | CartConvert -l lat0 lon0 h0 -p 9"
  echo "# then Az = atan2(E, N) in [0, 360), El = atan2(U, hypot(E, N)), Range = |ENU| (python3 math)"
  echo "$LOCAL_IN" | while read -r lat0 lon0 h0 lat lon h; do
    enu=$(echo "$lat $lon $h" | CartConvert -l "$lat0" "$lon0" "$h0" -p 9)
    aer=$(python3 -c "
import math,sys
e,n,u=map(float,sys.argv[1:4])
az=math.degrees(math.atan2(e,n))%360
print('%.12f %.12f %.9f'%(az,math.degrees(math.atan2(u,math.hypot(e,n))),math.sqrt(e*e+n*n+u*u)))" $enu)
    printf '%s %s %s %s %s %s %s %s\n' "$lat0" "$lon0" "$h0" "$lat" "$lon" "$h" "$enu" "$aer"
  done
} > local.txt

# kind lat1 lon1 lat2 lon2
INV_IN='short 52 13 52.0000898 13.0000001
short -33.9 151.2 -33.90006 151.20005
short 0 179.99995 0.00001 -179.99996
short 89.99995 0 89.99995 180
medium 40 -105 42.5 -103
medium -10 -179 -11 178.5
medium 60 10 58.2 14
medium 0 0 2.7 0
long 40.6 -73.8 51.48 -0.45
long -33.9 151.2 35.7 139.7
long 0 0 -60 100
long 70 -150 -20 -80
antipodal 0 0 0.5 179.5
antipodal -30 0 29.9 179.8
antipodal 30 10 -29.99999 -170.00001
antipodal 0 0 0 179.7
antipodal 89.5 0 -89.5 179
antipodal 90 0 -90 0
antipodal 0 0 0 180
antipodal 20 0 -20.0001 179.9999
antipodal 45 0 -44.99 179.3'

{
  echo "# kind lat1 lon1 lat2 lon2 -> azi1 azi2 s12 (deg, m)"
  echo "# command: echo 'lat1 lon1 lat2 lon2' | GeodSolve -i -p 9"
  echo "$INV_IN" | while read -r kind lat1 lon1 lat2 lon2; do
    printf '%s %s %s %s %s %s\n' "$kind" "$lat1" "$lon1" "$lat2" "$lon2" "$(echo "$lat1 $lon1 $lat2 $lon2" | GeodSolve -i -p 9)"
  done
} > inverse.txt

# kind lat1 lon1 azi1 s12
DIR_IN='short 52 13 30 10
short -45 -170 -135 10
medium 40 -105 20 300000
medium -10 -179.5 100 300000
medium 89 0 170 300000
long 40.6 -73.8 51.3 10000000
long -33.9 151.2 -10 10000000
long 0 0 90 10000000
long 90 0 45 10000000
antipodal 0 0 45 19980000
antipodal -30 20 89.9 20003000
antipodal 10 -60 0.5 20000000'

{
  echo "# kind lat1 lon1 azi1 s12 -> lat2 lon2 azi2 (deg)"
  echo "# command: echo 'lat1 lon1 azi1 s12' | GeodSolve -p 9"
  echo "$DIR_IN" | while read -r kind lat1 lon1 azi1 s12; do
    printf '%s %s %s %s %s %s\n' "$kind" "$lat1" "$lon1" "$azi1" "$s12" "$(echo "$lat1 $lon1 $azi1 $s12" | GeodSolve -p 9)"
  done
} > direct.txt

# EGM96 geoid undulations from PROJ, through GDAL (Debian gdal-bin, proj-data
# 9.1.1 with egm96_15.gtx): the height above the ellipsoid of a point at 0 m
# on the EGM96 height datum (EPSG:5773) is -N. Named places, the grid's edges
# and extremes, then 200 points uniform over the sphere (awk's srand(17)).
GEOID_IN='44.27 -71.30
32.65 51.67
33.72 51.73
39.93 32.86
38.72 35.48
4.7 78.8
-4.0 148.0
-5.5 147.5
0 0
0 180
0 -180
0 179.9
0 -179.9
12.34 -179.999
90 0
-90 0
89.9 45
-89.9 -45
44.25 -71.25
44.125 -71.125'
GEOID_RAND=$(awk 'BEGIN { srand(17); for (i = 0; i < 200; i++) { s = 2*rand()-1; printf "%.6f %.6f\n", atan2(s, sqrt(1-s*s))*180/3.141592653589793, (2*rand()-1)*180 } }')
{
  echo "# lat lon (deg) -> N (m), EGM96 geoid undulation"
  echo "# command: echo 'lon lat 0' | gdaltransform -s_srs EPSG:4326+5773 -t_srs EPSG:4979 (third output is N)"
  printf '%s\n%s\n' "$GEOID_IN" "$GEOID_RAND" | while read -r lat lon; do
    n=$(echo "$lon $lat 0" | gdaltransform -s_srs EPSG:4326+5773 -t_srs EPSG:4979 | awk '{print $3}')
    printf '%s %s %s\n' "$lat" "$lon" "$n"
  done
} > geoid.txt
