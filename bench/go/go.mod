module netioapi-compat/bench/go

go 1.19
