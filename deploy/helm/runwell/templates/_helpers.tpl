{{/* Names */}}
{{- define "runwell.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "runwell.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "runwell.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Name of a component's workload (web, worker, migrate). */}}
{{- define "runwell.componentName" -}}
{{- printf "%s-%s" (include "runwell.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels of one component's pods. app.kubernetes.io/instance is
the workload's own name (Polaris' metadataAndInstanceMismatched, which the
readiness gate applies); runwell.io/release groups a release's objects. */}}
{{- define "runwell.selectorLabels" -}}
app.kubernetes.io/name: {{ include "runwell.name" .root }}
app.kubernetes.io/instance: {{ include "runwell.componentName" . }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Labels every object carries besides name and instance. */}}
{{- define "runwell.commonLabels" -}}
helm.sh/chart: {{ include "runwell.chart" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: runwell
runwell.io/release: {{ .Release.Name }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Labels of the release's other objects (Service, RBAC, policies, monitors). */}}
{{- define "runwell.labels" -}}
app.kubernetes.io/name: {{ include "runwell.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{ include "runwell.commonLabels" . }}
{{- end }}

{{/* Labels of a component's workload and pods: ownership for the readiness gate and the inventory. */}}
{{- define "runwell.workloadLabels" -}}
{{ include "runwell.selectorLabels" . }}
{{ include "runwell.commonLabels" .root }}
runwell.io/team: {{ .root.Values.ownership.team | quote }}
runwell.io/tier: {{ .root.Values.ownership.tier | quote }}
{{- end }}

{{/* Annotations of a component's workload and pod template. */}}
{{- define "runwell.workloadAnnotations" -}}
runwell.io/oncall: {{ .root.Values.ownership.oncall | quote }}
runwell.io/runbook: {{ .root.Values.ownership.runbook | quote }}
{{- with .root.Values.readinessExemptions }}
runwell.io/exempt: {{ join ", " . | quote }}
{{- end }}
{{- with .root.Values.commonAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "runwell.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "runwell.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "runwell.priorityClassName" -}}
{{- if .Values.priorityClass.name }}
{{- .Values.priorityClass.name }}
{{- else if .Values.priorityClass.create }}
{{- include "runwell.fullname" . }}
{{- end }}
{{- end }}

{{- define "runwell.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "runwell.secretName" -}}
{{- required "secrets.existingSecret: name the Secret holding DATABASE_URL, NEXTAUTH_SECRET and RUNWELL_SECRET_KEY (docs/ops.md)" .Values.secrets.existingSecret }}
{{- end }}

{{- define "runwell.publicUrl" -}}
{{- if .Values.publicUrl }}
{{- .Values.publicUrl }}
{{- else if and .Values.ingress.enabled .Values.ingress.hosts }}
{{- $host := (first .Values.ingress.hosts).host }}
{{- if .Values.ingress.tls.enabled }}https://{{ $host }}{{ else }}http://{{ $host }}{{ end }}
{{- else }}
{{- printf "http://localhost:%v" .Values.web.port }}
{{- end }}
{{- end }}

{{/* Environment shared by every Runwell process. */}}
{{- define "runwell.env" -}}
{{- $secret := include "runwell.secretName" . -}}
- name: DATABASE_URL
{{- if .Values.database.url }}
  value: {{ .Values.database.url | quote }}
{{- else }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.secrets.keys.databaseUrl }}
{{- end }}
- name: RUNWELL_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.secrets.keys.secretKey }}
- name: RUNWELL_SECRET_KEY_PREVIOUS
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.secrets.keys.secretKeyPrevious }}
      optional: true
- name: RUNWELL_DB_POOL
  value: {{ .Values.database.pool | quote }}
- name: RUNWELL_DATA_DIR
  value: /var/lib/runwell
- name: NODE_ENV
  value: production
{{- range $name, $value := .Values.env }}
{{- if $value }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Writable places on a read-only root filesystem: /tmp (tsx's compile
cache, temporary files), the data directory, and Next.js' cache. */}}
{{- define "runwell.writableMounts" -}}
- name: tmp
  mountPath: /tmp
- name: data
  mountPath: /var/lib/runwell
- name: next-cache
  mountPath: /app/.next/cache
{{- end }}

{{- define "runwell.writableVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
- name: data
  emptyDir:
    sizeLimit: 64Mi
- name: next-cache
  emptyDir:
    sizeLimit: 512Mi
{{- end }}

{{/* The pod's service account token, mounted explicitly (automount is off so
that pods which do not call the Kubernetes API get no token): the layout a pod
gets by default, read by the in-cluster collectors. */}}
{{- define "runwell.tokenMount" -}}
- name: kube-api-access
  mountPath: /var/run/secrets/kubernetes.io/serviceaccount
  readOnly: true
{{- end }}

{{- define "runwell.tokenVolume" -}}
- name: kube-api-access
  projected:
    defaultMode: 0444
    sources:
      - serviceAccountToken:
          path: token
          expirationSeconds: 3607
      - configMap:
          name: kube-root-ca.crt
          items:
            - key: ca.crt
              path: ca.crt
      - downwardAPI:
          items:
            - path: namespace
              fieldRef:
                apiVersion: v1
                fieldPath: metadata.namespace
{{- end }}

{{- define "runwell.topologySpread" -}}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: {{ .spread.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- include "runwell.selectorLabels" . | nindent 8 }}
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: {{ .spread.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- include "runwell.selectorLabels" . | nindent 8 }}
{{- end }}

{{- define "runwell.egressRules" -}}
- ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- if .Values.networkPolicy.egress }}
{{ toYaml .Values.networkPolicy.egress }}
{{- else }}
- {}
{{- end }}
{{- end }}

{{/* A Prometheus duration (30s, 15m, 2h) in seconds. */}}
{{- define "runwell.seconds" -}}
{{- $d := toString . -}}
{{- if hasSuffix "h" $d }}{{ mul (trimSuffix "h" $d | int) 3600 }}
{{- else if hasSuffix "m" $d }}{{ mul (trimSuffix "m" $d | int) 60 }}
{{- else if hasSuffix "s" $d }}{{ trimSuffix "s" $d | int }}
{{- else }}{{ fail (printf "prometheusRule.samplerStaleAfter: %q is not a duration like 15m" $d) }}
{{- end }}
{{- end }}
