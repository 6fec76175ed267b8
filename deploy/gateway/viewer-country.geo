# The local stand-in for the edge's GeoIP: client address -> ISO 3166-1 alpha-2 country, put into X-Viewer-Country
# by the gateway (nginx geo module, CIDR or single address). Addresses not listed (127.0.0.1 included) get no
# country, so services fall back to the token's region claim or US. Tests connect from these loopback addresses
# (a socket bound to 127.0.0.2; curl --interface 127.0.0.2) to play viewers located somewhere.
127.0.0.2/32 DE;
127.0.0.3/32 BR;
127.0.0.4/32 IN;
127.0.0.5/32 JP;
