#!/bin/sh
# Regenerates the small reader fixtures in this folder from the SRTM tile
# ../../examples/data/N44W072.hgt with GDAL (Debian gdal-bin 3.6).
# Run from this folder. See README.md.
set -eu
H=${1:-../../examples/data/N44W072.hgt}
W="-srcwin 780 820 120 100" # 120 x 100 posts around Mount Washington
T="gdal_translate -q $W"
$T -of ENVI "$H" crop.bin && rm -f crop.hdr crop.bin.aux.xml
$T -co COMPRESS=DEFLATE "$H" crop_deflate.tif
$T -co COMPRESS=LZW "$H" crop_lzw.tif
$T -co COMPRESS=LZW -co PREDICTOR=2 -co ENDIANNESS=BIG "$H" crop_lzw_pred2_be.tif
$T -co COMPRESS=PACKBITS "$H" crop_packbits.tif
$T -co TILED=YES -co BLOCKXSIZE=64 -co BLOCKYSIZE=32 -co COMPRESS=DEFLATE "$H" crop_tiled.tif
$T -ot Float32 -co COMPRESS=DEFLATE -co PREDICTOR=3 "$H" crop_float32_pred3.tif
$T -ot UInt16 "$H" crop_uint16.tif
gdalwarp -q -overwrite -r bilinear -t_srs EPSG:32619 -ot Float32 crop_deflate.tif crop_utm.tif
gdal_translate -q -of ENVI crop_utm.tif crop_utm.bin && rm -f crop_utm.hdr crop_utm.bin.aux.xml
gdal_translate -q -of DTED -outsize 121 121 -r nearest "$H" n44w072.dt0
gdal_translate -q -of ENVI n44w072.dt0 n44w072_dt0.bin && rm -f n44w072_dt0.hdr n44w072_dt0.bin.aux.xml
rm -f ./*.aux.xml
# Tiny seeds for the fuzz tests (16 x 12 posts): the fuzzer minimises every
# new input byte by byte, which takes minutes on the larger files.
S="gdal_translate -q -srcwin 836 875 16 12"
$S -co COMPRESS=LZW "$H" seed_lzw.tif
$S -co COMPRESS=PACKBITS -co ENDIANNESS=BIG "$H" seed_packbits_be.tif
$S -co COMPRESS=DEFLATE -co TILED=YES -co BLOCKXSIZE=16 -co BLOCKYSIZE=16 "$H" seed_tiled.tif
$S -ot Float32 -co COMPRESS=LZW -co PREDICTOR=3 "$H" seed_pred3.tif
rm -f ./*.aux.xml
