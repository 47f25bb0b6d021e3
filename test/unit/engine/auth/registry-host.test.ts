import { describe, expect, it } from 'vitest';
import {
  DOCKER_HUB_SERVER_ADDRESS,
  hostOfServerAddress,
  registryHostOf,
  serverAddressOf,
} from '../../../../src/engine/auth/registry-host.js';

describe('registryHostOf', () => {
  it('takes a first component with a port, a dot or localhost as the registry', () => {
    expect(registryHostOf('127.0.0.1:5000/app:1')).toBe('127.0.0.1:5000');
    expect(registryHostOf('ghcr.io/a/b@sha256:' + 'a'.repeat(64))).toBe('ghcr.io');
    expect(registryHostOf('localhost/x')).toBe('localhost');
    expect(registryHostOf('localhost:5000/team/app')).toBe('localhost:5000');
    expect(registryHostOf('[::1]:5000/app')).toBe('[::1]:5000');
  });

  it('sends everything else to Docker Hub', () => {
    expect(registryHostOf('busybox')).toBe('docker.io');
    expect(registryHostOf('busybox:1.36')).toBe('docker.io');
    expect(registryHostOf('library/busybox')).toBe('docker.io');
    expect(registryHostOf('berth-test/busybox:latest')).toBe('docker.io');
    expect(registryHostOf('app@sha256:' + 'b'.repeat(64))).toBe('docker.io');
  });

  it('reads the names of Docker Hub as Docker Hub', () => {
    expect(registryHostOf('docker.io/library/busybox')).toBe('docker.io');
    expect(registryHostOf('index.docker.io/library/busybox')).toBe('docker.io');
  });

  it('takes a capitalised first component as a registry: repository names are lower case', () => {
    expect(registryHostOf('Registry/app')).toBe('Registry');
  });
});

describe('hostOfServerAddress', () => {
  it('keeps a bare host and port', () => {
    expect(hostOfServerAddress('127.0.0.1:5001')).toBe('127.0.0.1:5001');
    expect(hostOfServerAddress('ghcr.io')).toBe('ghcr.io');
  });

  it('strips a scheme, a path and user information', () => {
    expect(hostOfServerAddress('https://registry.example:5000/v1/')).toBe('registry.example:5000');
    expect(hostOfServerAddress('http://registry.example/v2')).toBe('registry.example');
    expect(hostOfServerAddress('https://user@registry.example:443/')).toBe('registry.example:443');
    expect(hostOfServerAddress('registry.example/v1/')).toBe('registry.example');
  });

  it('maps every spelling of Docker Hub to docker.io', () => {
    expect(hostOfServerAddress(DOCKER_HUB_SERVER_ADDRESS)).toBe('docker.io');
    expect(hostOfServerAddress('https://index.docker.io/v1')).toBe('docker.io');
    expect(hostOfServerAddress('index.docker.io')).toBe('docker.io');
    expect(hostOfServerAddress('docker.io')).toBe('docker.io');
  });
});

describe('serverAddressOf', () => {
  it("names Docker Hub by its index URL and other registries by their host", () => {
    expect(serverAddressOf('docker.io')).toBe('https://index.docker.io/v1/');
    expect(serverAddressOf('127.0.0.1:5001')).toBe('127.0.0.1:5001');
  });
});
