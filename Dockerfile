# Minimal CPU image that runs the offline demo. The app image (non-root, healthcheck, CUDA build arg)
# comes with the Hub/Space issue.
FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch==2.13.0 \
 && pip install --no-cache-dir -r requirements.txt
COPY pipeline ./pipeline
COPY app.py README.md ./
CMD ["python", "-m", "pipeline", "demo", "--out", "/app/demo"]
