// Command mysafe-mock runs the in-memory senhasegura mock (MySafe and PAM Core) on 127.0.0.1
// until interrupted.
//
//	go run ./internal/cmd/mysafe-mock [-addr 127.0.0.1:0] [-client-id ID] [-client-secret S] [-token-ttl 1h] [-seed]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafemock"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only; port 0 picks a free port)")
	clientID := flag.String("client-id", mysafemock.DefaultClientID, "client ID of the access key (also an A2A authorization for PAM Core)")
	clientSecret := flag.String("client-secret", mysafemock.DefaultClientSecret, "client secret of the access key")
	user := flag.String("user", mysafemock.DefaultUser, "MySafe user the access key acts as")
	ttl := flag.Duration("token-ttl", time.Hour, "lifetime of issued tokens")
	seed := flag.Bool("seed", false, "start with a PAM Core device and a credential on it (make mock sets it)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *addr)
	if err != nil {
		log.Fatalf("mysafe-mock: %v", err)
	}
	mock := mysafemock.New(mysafemock.Options{ClientID: *clientID, ClientSecret: *clientSecret, User: *user, TokenTTL: *ttl})
	srv := &http.Server{Handler: mock, ReadHeaderTimeout: 10 * time.Second}
	seeded := ""
	if *seed {
		dev := mock.SeedPAMDevice(mysafemock.PAMDevice{Hostname: "web01.example.com", IP: "10.0.1.21", Type: "Server", Vendor: "Canonical",
			Model: "Ubuntu 24.04", Site: "LAX", Tags: "prod", Connectivities: "SSH:22"})
		cred := mock.SeedPAMCredential(mysafemock.PAMCredential{Hostname: "web01.example.com", IP: "10.0.1.21", Identifier: "web01-root",
			Username: "root", Password: "mock-root-password", CredentialType: "Local administrator"})
		seeded = fmt.Sprintf("Seeded:  PAM Core device %s (web01.example.com) and credential %s (root@web01.example.com, identifier web01-root)", dev, cred)
	}

	base := "http://" + ln.Addr().String()
	fmt.Printf("senhasegura mock (MySafe and PAM Core) listening on %s\n\n", base)
	fmt.Printf("export SENHASEGURA_URL=%s\n", base)
	fmt.Printf("export SENHASEGURA_CLIENT_ID=%s\n", *clientID)
	fmt.Printf("export SENHASEGURA_CLIENT_SECRET=%s\n\n", *clientSecret)
	fmt.Printf("Token:   curl -s -d grant_type=client_credentials -d client_id=%s -d client_secret=%s %s/iso/oauth2/token\n", *clientID, *clientSecret, base)
	fmt.Printf("MySafe:  curl -s -H \"Authorization: Bearer $TOKEN\" %s/api/mysafe/password\n", base)
	fmt.Printf("PAM:     curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' -d '{\"hostname\":\"db01\",\"ip\":\"10.0.0.5\",\"type\":\"Database\",\"vendor\":\"Oracle\",\"model\":\"MySQL 8\",\"site\":\"LAX\"}' %s/iso/pam/device\n", base)
	fmt.Printf("         curl -s -H \"Authorization: Bearer $TOKEN\" %s/iso/pam/credential   (the list: no password, no custody)\n", base)
	fmt.Printf("Inspect: curl -s %s/_mock/items (MySafe), curl -s %s/_mock/pam (PAM Core), curl -s %s/_mock/counters\n", base, base, base)
	if seeded != "" {
		fmt.Println(seeded)
	}
	fmt.Println("Press Ctrl-C to stop.")

	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("mysafe-mock: %v", err)
	}
}
