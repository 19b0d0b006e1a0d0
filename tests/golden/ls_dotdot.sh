#### ls -la shows .. with its own details, not those of .
mkdir -p a/b/c; chmod 750 a; chmod 700 a/b; ls -la a/b | sed -n '2,3p' | cut -d' ' -f1,2; cd a/b; ls -la | sed -n '2,3p' | cut -d' ' -f1,2
#### ls -la of a path that ends in /.
mkdir -p d/e; chmod 711 d; ls -la d/e/. | sed -n '2,3p' | cut -d' ' -f1,2; ls -lad d/e/.. | cut -d' ' -f1,2
